/* bcrypt_rate — raw libxcrypt bcrypt verifies per second on one core, the ceiling of
 * POST /api/v1/auth/login in bench/run.
 *
 * usage: bcrypt_rate COST SECONDS
 * Hashes a password once at COST ($2b$, as lib/src/auth/password_hasher.cpp does), then verifies
 * it with crypt_r in a loop for about SECONDS seconds on the calling thread and prints
 * "verifies=N seconds=S per_second=R". bench/run multiplies R by nproc (one per core; the
 * responders' worker threads verify in parallel).
 * Build: cc -O2 bcrypt_rate.c -lcrypt
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s COST SECONDS\n", argv[0]);
    return 2;
  }
  const unsigned long cost = strtoul(argv[1], NULL, 10);
  const double seconds = atof(argv[2]);
  const char *password = "bench-password-123";
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2b$", cost, NULL, 0, setting, sizeof setting) == NULL) return 1;
  static struct crypt_data data;
  char hash[CRYPT_OUTPUT_SIZE];
  const char *out = crypt_r(password, setting, &data);
  if (out == NULL || out[0] == '*') return 1;
  snprintf(hash, sizeof hash, "%s", out);

  long n = 0;
  const double start = now();
  double elapsed = 0;
  do {
    out = crypt_r(password, hash, &data);
    if (out == NULL || strcmp(out, hash) != 0) return 1;
    ++n;
    elapsed = now() - start;
  } while (elapsed < seconds);
  printf("verifies=%ld seconds=%.3f per_second=%.2f\n", n, elapsed, (double)n / elapsed);
  return 0;
}
