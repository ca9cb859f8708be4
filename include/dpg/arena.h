/*
 * arena.h: a bump allocator; everything of one scan lives in one arena and
 * is freed at once by dpg_arena_release().  Never free individual objects.
 */
#ifndef DPG_ARENA_H
#define DPG_ARENA_H

#include <stddef.h>

struct dpg_arena_block;
struct dpg_arena {
	struct dpg_arena_block *head;
	size_t used; /* bytes handed out, for statistics */
};

#define DPG_ARENA_INIT                                                         \
	{                                                                      \
		NULL, 0                                                        \
	}

/* Zeroed memory, aligned for any type; owned by the arena. */
void *dpg_arena_alloc(struct dpg_arena *a, size_t n);
char *dpg_arena_strdup(struct dpg_arena *a, const char *s);
char *dpg_arena_strndup(struct dpg_arena *a, const char *s, size_t n);
char *dpg_arena_printf(struct dpg_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void dpg_arena_release(struct dpg_arena *a);

#endif
