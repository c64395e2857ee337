#include <cblas.h>

/* LAPACK's Fortran entry points, which OpenBLAS exports; declared here so no
   LAPACKE dependency is needed. Column-major, every argument by pointer. */
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a,
            const int *lda, double *w, double *work, const int *lwork, int *info);
void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n,
             double *a, const int *lda, double *s, double *u, const int *ldu,
             double *vt, const int *ldvt, double *work, const int *lwork, int *info);
