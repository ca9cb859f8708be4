/*
 * error.h: the one error type of dpgaudit.
 *
 * Every fallible function returns 0 (or a non-negative count) on success and
 * a negative enum dpg_code on failure, and takes a struct dpg_error * as its
 * last argument, which it fills only on failure.  The message is stored
 * inline, so reporting an error never allocates.
 */
#ifndef DPG_ERROR_H
#define DPG_ERROR_H

enum dpg_code {
	DPG_OK = 0,
	DPG_ERR = -1, /* anything else; a bug or an unexpected failure */
	DPG_ENOTFOUND =
		-2,	  /* a path, object, revision or scan does not exist */
	DPG_EPARSE = -3,  /* malformed input: archive, rule, expression, json */
	DPG_EIO = -4,	  /* the system refused: permissions, read errors */
	DPG_EDB = -5,	  /* the audit database failed */
	DPG_ELIMIT = -6,  /* a size, count or depth cap was exceeded */
	DPG_EUSAGE = -7,  /* the caller asked for something meaningless */
	DPG_EBUSY = -8,	  /* the database stayed locked past the timeout */
	DPG_EFORMAT = -9, /* the target is of no kind we can read */
	DPG_EVERSION = -10, /* the database was made by a newer dpgaudit */
	DPG_EINPUT = -11,   /* a user-supplied input file is invalid */
};

struct dpg_error {
	int code;
	char msg[512];
};

#define DPG_ERROR_INIT                                                         \
	{                                                                      \
		0,                                                             \
		{                                                              \
			0                                                      \
		}                                                              \
	}

#if defined(__GNUC__)
#define DPG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DPG_NORETURN	 __attribute__((noreturn))
#else
#define DPG_PRINTF(f, a)
#define DPG_NORETURN
#endif

/*
 * Fill err (which may be NULL) with code and a printf-style message and
 * return code, so that callers can write `return dpg_error_set(...)`.
 * Messages are lowercase, without a final period, and name the subject.
 */
int dpg_error_set(struct dpg_error *err, int code, const char *fmt, ...)
	DPG_PRINTF(3, 4);

/* Prefix err's message with "what: " (used to add context on the way up). */
void dpg_error_prefix(struct dpg_error *err, const char *fmt, ...)
	DPG_PRINTF(2, 3);

/* Abort with a message: for broken invariants only, never for bad input. */
DPG_NORETURN void dpg_bug(const char *file, int line, const char *fmt, ...)
	DPG_PRINTF(3, 4);
#define DPG_BUG(...) dpg_bug(__FILE__, __LINE__, __VA_ARGS__)

#endif
