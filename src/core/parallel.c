/* parallel.c - a parallel for-loop over [0, n) in chunks, with pthreads.
 * Work is handed out through an atomic counter, so which thread does which
 * chunk varies; callers make results deterministic by writing to
 * per-index slots or by sorting what they collect. */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "internal.h"

double sl__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct job {
    size_t n, chunk;
    atomic_size_t next;
    atomic_int rc;
    int (*fn)(void *ctx, unsigned worker, size_t lo, size_t hi);
    void *ctx;
} job;

typedef struct worker_arg {
    job *j;
    unsigned id;
} worker_arg;

static void *run_worker(void *p)
{
    worker_arg *w = p;
    job *j = w->j;
    for (;;) {
        if (atomic_load(&j->rc) != SL_OK)
            break;
        size_t lo = atomic_fetch_add(&j->next, j->chunk);
        if (lo >= j->n)
            break;
        size_t hi = lo + j->chunk < j->n ? lo + j->chunk : j->n;
        int rc = j->fn(j->ctx, w->id, lo, hi);
        if (rc != SL_OK) {
            int expect = SL_OK;
            atomic_compare_exchange_strong(&j->rc, &expect, rc);
            break;
        }
    }
    return NULL;
}

int sl__parallel_for(unsigned threads, size_t n, size_t chunk,
                     int (*fn)(void *ctx, unsigned worker, size_t lo, size_t hi), void *ctx)
{
    if (chunk == 0)
        chunk = 1;
    if (threads <= 1 || n <= chunk)
        return n ? fn(ctx, 0, 0, n) : SL_OK;
    if (threads > 256)
        threads = 256;
    job j = {.n = n, .chunk = chunk, .fn = fn, .ctx = ctx};
    atomic_init(&j.next, 0);
    atomic_init(&j.rc, SL_OK);
    pthread_t tid[256];
    worker_arg args[256];
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        args[t] = (worker_arg){&j, t};
        if (pthread_create(&tid[t], NULL, run_worker, &args[t]) != 0)
            break;
        started = t;
    }
    args[0] = (worker_arg){&j, 0};
    run_worker(&args[0]);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    int rc = atomic_load(&j.rc);
    if (rc != SL_OK && rc == SL_ENOMEM)
        sl__nomem(); /* the message was set in another thread */
    return rc;
}
