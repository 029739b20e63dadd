# syntax=docker/dockerfile:1
# Regal: build stage (compilers, -dev packages) and a slim runtime stage holding only the two
# binaries, the migrations, the API docs site and the shared libraries they load. The same image
# runs the responder (default command), migrations (`regalctl migrate`), one-off admin commands
# and the compose `docs-init` one-shot that hands the docs site to nginx.

FROM debian:bookworm AS build
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config ca-certificates \
      libpoco-dev libfcgi-dev libcrypt-dev libhpdf-dev libpq-dev \
      nodejs npm python3-yaml \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGAL_BUILD_TESTS=OFF \
 && cmake --build build -j"$(nproc)" \
 && bash -c 'set -euo pipefail; source scripts/lib/common.sh; regal_docs_build /src/build' \
 && install -D -m 755 build/bin/regal-fcgi /out/usr/local/bin/regal-fcgi \
 && install -D -m 755 build/bin/regalctl /out/usr/local/bin/regalctl \
 && install -D -m 755 docker/fcgi-healthcheck.sh /out/usr/local/bin/regal-healthcheck \
 && mkdir -p /out/usr/share/regal \
 && cp -r migrations /out/usr/share/regal/migrations \
 && cp -r build/docs-site /out/usr/share/regal/docs \
 && sh docker/runtime-packages.sh build/bin/regal-fcgi build/bin/regalctl >/out/runtime-packages

FROM debian:bookworm-slim AS runtime
ENV DEBIAN_FRONTEND=noninteractive
COPY --from=build /out/runtime-packages /tmp/runtime-packages
# libfcgi-bin: cgi-fcgi for the health probe; openssl: the compose tls-init one-shot;
# fonts-dejavu-core: the UTF-8 font of PDF receipts (REGAL_PDF_FONT).
RUN apt-get update \
 && xargs -a /tmp/runtime-packages apt-get install -y --no-install-recommends \
      ca-certificates libfcgi-bin openssl fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages \
 && useradd --system --uid 10001 --user-group --home-dir /nonexistent --shell /usr/sbin/nologin regal
COPY --from=build /out/usr /usr
ENV REGAL_LISTEN=0.0.0.0:9000 \
    REGAL_THREADS=8 \
    REGAL_ENV=production \
    REGAL_MIGRATIONS_DIR=/usr/share/regal/migrations
USER regal
EXPOSE 9000
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 CMD ["regal-healthcheck"]
CMD ["regal-fcgi"]
