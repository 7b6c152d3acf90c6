/* A diagnostic for tools/segv_repro.py: report every call of CPython's allocator or
 * deallocation entry points (the ones that need the GIL) made by a thread that does not hold
 * the GIL, with a C backtrace on standard error. Such calls are the usual way a C extension
 * corrupts pymalloc's heap. Calls from another shared object (every extension module) go
 * through the PLT, so an LD_PRELOAD'ed definition sees them.
 *
 *   gcc -O1 -g -shared -fPIC -I"$(python -c 'import sysconfig; print(sysconfig.get_paths()["include"])')" \
 *       tools/gilcheck.c -o /tmp/gilcheck.so -ldl -lpthread
 *   LD_PRELOAD=/tmp/gilcheck.so python -m tools.segv_repro 800
 *
 * Checked on 2026-12-07 (Python 3.11.7): no such call in 800 requests; a ctypes call of
 * PyObject_Malloc (ctypes releases the GIL) is reported, so the check works.
 */
#define _GNU_SOURCE
#include <Python.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int reports;
static __thread int inside;

static void report(const char *what) {
    if (inside) return;
    inside = 1;
    if (atomic_fetch_add(&reports, 1) < 20) {
        char buf[128];
        int n = snprintf(buf, sizeof buf, "\n=== GILCHECK: %s without the GIL (thread %lu)\n",
                         what, (unsigned long)pthread_self());
        if (write(2, buf, n) < 0) { /* nothing to do */ }
        void *frames[40];
        backtrace_symbols_fd(frames, backtrace(frames, 40), 2);
    }
    inside = 0;
}

static int gil_missing(void) {
    if (inside || !Py_IsInitialized()) return 0;
    return !PyGILState_Check();
}

#define WRAP1(ret, name, T1)                                              \
    ret name(T1 a) {                                                      \
        static ret (*real)(T1);                                           \
        if (!real) real = dlsym(RTLD_NEXT, #name);                        \
        if (gil_missing()) report(#name);                                 \
        return real(a);                                                   \
    }
#define WRAP2(ret, name, T1, T2)                                          \
    ret name(T1 a, T2 b) {                                                \
        static ret (*real)(T1, T2);                                       \
        if (!real) real = dlsym(RTLD_NEXT, #name);                        \
        if (gil_missing()) report(#name);                                 \
        return real(a, b);                                                \
    }
#define WRAPV(name, T1)                                                   \
    void name(T1 a) {                                                     \
        static void (*real)(T1);                                          \
        if (!real) real = dlsym(RTLD_NEXT, #name);                        \
        if (gil_missing()) report(#name);                                 \
        real(a);                                                          \
    }

WRAP1(void *, PyObject_Malloc, size_t)
WRAP2(void *, PyObject_Calloc, size_t, size_t)
WRAP2(void *, PyObject_Realloc, void *, size_t)
WRAPV(PyObject_Free, void *)
WRAP1(void *, PyMem_Malloc, size_t)
WRAP2(void *, PyMem_Calloc, size_t, size_t)
WRAP2(void *, PyMem_Realloc, void *, size_t)
WRAPV(PyMem_Free, void *)
WRAPV(_Py_Dealloc, PyObject *)
WRAPV(PyObject_GC_Del, void *)
WRAP1(PyObject *, _PyObject_GC_New, PyTypeObject *)
WRAP1(PyObject *, PyTuple_New, Py_ssize_t)
