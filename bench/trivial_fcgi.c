/* trivial_fcgi — the FastCGI layer's ceiling for bench/run.
 *
 * Same libfcgi and the same socket and threading model as regal-fcgi
 * (fcgi/server/fcgi_server.cpp): one listening unix socket per process opened with
 * FCGX_OpenSocket (mode 0660, group given on the command line so nginx's workers can connect),
 * THREADS worker threads each calling FCGX_Accept_r on that shared socket without a mutex, and a
 * response written as one header block plus the body. It answers every request with the same
 * fixed JSON body (BODY_BYTES long, default about the size of a product), so whatever rate it
 * reaches through nginx is the most any responder can reach on this machine.
 *
 * usage: trivial_fcgi SOCKET_PATH THREADS [GROUP] [BODY_BYTES]
 * Stops on SIGTERM/SIGINT, taken by the main thread with sigwait as regal-fcgi's signal thread
 * does (libfcgi would otherwise catch SIGTERM itself and only make accept fail).
 * Build: cc -O2 -pthread trivial_fcgi.c -lfcgi
 */
#include <fcgiapp.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int listen_fd = -1;
static char response[16384];
static int response_len = 0;

static void *worker(void *arg) {
  (void)arg;
  FCGX_Request req;
  if (FCGX_InitRequest(&req, listen_fd, 0) != 0) return NULL;
  for (;;) {
    if (FCGX_Accept_r(&req) < 0) {
      usleep(50000);
      continue;
    }
    /* Read the body like the real responder does (logins and sales send one). */
    const char *length = FCGX_GetParam("CONTENT_LENGTH", req.envp);
    if (length != NULL) {
      long left = strtol(length, NULL, 10);
      char buf[4096];
      while (left > 0) {
        int n = FCGX_GetStr(buf, left > (long)sizeof buf ? (int)sizeof buf : (int)left, req.in);
        if (n <= 0) break;
        left -= n;
      }
    }
    FCGX_PutStr(response, response_len, req.out);
    FCGX_Finish_r(&req);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SOCKET_PATH THREADS [GROUP] [BODY_BYTES]\n", argv[0]);
    return 2;
  }
  const char *path = argv[1];
  int threads = atoi(argv[2]);
  const char *group = argc > 3 ? argv[3] : "";
  int body_bytes = argc > 4 ? atoi(argv[4]) : 600;
  if (threads < 1 || threads > 256 || body_bytes < 32 || body_bytes > 8192) {
    fprintf(stderr, "trivial_fcgi: THREADS 1..256, BODY_BYTES 32..8192\n");
    return 2;
  }

  /* {"data":{"id":"…","name":"xxxx…"}} padded to body_bytes. */
  char body[8192 + 1];
  const char *head = "{\"data\":{\"id\":\"0190c9a8-7f2e-7c1a-9d3b-5a1e2f3c4d5e\",\"name\":\"";
  const char *tail = "\"}}";
  int pad = body_bytes - (int)strlen(head) - (int)strlen(tail);
  if (pad < 0) pad = 0;
  snprintf(body, sizeof body, "%s%*s%s", head, pad, "", tail);
  for (char *c = body + strlen(head); *c == ' '; ++c) *c = 'x';
  response_len = snprintf(response, sizeof response,
                          "Status: 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          strlen(body), body);

  if (FCGX_Init() != 0) return 1;
  unlink(path);
  mode_t old = umask(0177);
  listen_fd = FCGX_OpenSocket(path, 1024);
  umask(old);
  if (listen_fd < 0) {
    fprintf(stderr, "trivial_fcgi: cannot listen on %s\n", path);
    return 1;
  }
  if (group[0] != '\0') {
    struct group *g = getgrnam(group);
    if (g == NULL || chown(path, (uid_t)-1, g->gr_gid) != 0) {
      fprintf(stderr, "trivial_fcgi: cannot give %s to group %s\n", path, group);
      return 1;
    }
  }
  chmod(path, 0660);

  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL); /* inherited by the workers */
  signal(SIGPIPE, SIG_IGN);
  pthread_t *ids = calloc((size_t)threads, sizeof *ids);
  for (int i = 0; i < threads; ++i) pthread_create(&ids[i], NULL, worker, NULL);
  int sig = 0;
  sigwait(&stop, &sig);
  unlink(path);
  return 0;
}
