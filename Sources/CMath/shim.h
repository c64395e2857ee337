/* Elementwise math Swift cannot spell so that LLVM vectorises it.

   On Linux Swift's squareRoot() lowers to a call of libm's sqrtf/sqrt, which sets errno for a
   negative argument; the call keeps every loop around it scalar. Clang's elementwise builtin is
   the IEEE square root (llvm.sqrt, correctly rounded, no errno), which loops vectorise to
   vsqrtps/vsqrtpd: the same bits, eight or four lanes at a time. */
static inline float landscape_sqrtf(float x) { return __builtin_elementwise_sqrt(x); }
static inline double landscape_sqrt(double x) { return __builtin_elementwise_sqrt(x); }

/* A hint that the cache line holding p will be read soon (no effect on results). */
static inline void landscape_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
