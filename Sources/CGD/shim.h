#include <gd.h>
#include <gdfontg.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* libgd prints its warnings without a newline, so the tool's own error line would be glued onto
   them: this handler prefixes them and ends each with a newline. */
static inline void landscape_gd_error(int priority, const char *format, va_list args) {
    (void)priority;
    fputs("libgd: ", stderr);
    vfprintf(stderr, format, args);
    size_t n = strlen(format);
    if (n == 0 || format[n - 1] != '\n') fputc('\n', stderr);
}

static inline void landscape_gd_install_error_method(void) { gdSetErrorMethod(landscape_gd_error); }
