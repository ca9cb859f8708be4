#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpg/arena.h"
#include "dpg/util.h"
#include "fmt.h"
#include "dpg/banned.h"

#define ARENA_BLOCK (64 * 1024)
#define ALIGN	    alignof(max_align_t)

struct dpg_arena_block {
	struct dpg_arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* n bytes, not cleared */
static void *arena_raw(struct dpg_arena *a, size_t n)
{
	struct dpg_arena_block *b = a->head;
	size_t need = (n + ALIGN - 1) & ~(ALIGN - 1);
	void *p;

	if (need == 0)
		need = ALIGN;
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		if (size == need && a->head) {
			/* a big one-off: keep the current block in front */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	a->used += n;
	return p;
}

void *dpg_arena_alloc(struct dpg_arena *a, size_t n)
{
	return memset(arena_raw(a, n), 0, n);
}

char *dpg_arena_strndup(struct dpg_arena *a, const char *s, size_t n)
{
	char *p = arena_raw(a, n + 1); /* every byte written here */

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *dpg_arena_strdup(struct dpg_arena *a, const char *s)
{
	return s ? dpg_arena_strndup(a, s, strlen(s)) : NULL;
}

static void *get_arena(void *a, size_t n)
{
	return arena_raw(a, n); /* every byte written by dpg_fmt_alloc */
}

char *dpg_arena_printf(struct dpg_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = dpg_fmt_alloc(get_arena, a, fmt, ap);
	va_end(ap);
	return p;
}

void dpg_arena_release(struct dpg_arena *a)
{
	struct dpg_arena_block *b = a->head, *next;

	while (b) {
		next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}
