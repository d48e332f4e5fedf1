/*
 * printk.c - vsnprintf and printk, a subset of Linux's lib/vsprintf.c:
 * conversions d i u x X p s c %, flags '-' and '0', a field width (or '*'),
 * length modifiers l, ll and L.  %p prints 8 hex digits without "0x", like
 * Linux 2.4.  '\n' is sent as a bare LF so transcripts stay byte-exact.
 */
#include <stdarg.h>
#include "defs.h"

#define F_ZEROPAD	(1 << 0)
#define F_LEFT		(1 << 1)
#define F_SIGNED	(1 << 2)
#define F_UPPER		(1 << 3)

struct outbuf {
	char *buf;
	size_t size, len;	/* len counts every byte asked for, even if dropped */
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void number(struct outbuf *o, unsigned long long v, int neg, unsigned base,
		   int width, int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	width -= n + neg;
	if (!(flags & F_LEFT) && !(flags & F_ZEROPAD))
		pad(o, ' ', width);
	if (neg)
		put(o, '-');
	if (!(flags & F_LEFT) && (flags & F_ZEROPAD))
		pad(o, '0', width);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width);
}

static void string(struct outbuf *o, const char *s, int width, int flags)
{
	int n;

	if (!s)
		s = "(null)";
	n = (int)strlen(s);
	if (!(flags & F_LEFT))
		pad(o, ' ', width - n);
	while (*s)
		put(o, *s++);
	if (flags & F_LEFT)
		pad(o, ' ', width - n);
}

/* Reads the integer argument the length modifier names. */
static unsigned long long int_arg(va_list *ap, int lng, int flags, int *neg)
{
	long long s;

	*neg = 0;
	if (!(flags & F_SIGNED)) {
		if (lng >= 2)
			return va_arg(*ap, unsigned long long);
		return lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
	}
	if (lng >= 2)
		s = va_arg(*ap, long long);
	else
		s = lng ? va_arg(*ap, long) : va_arg(*ap, int);
	if (s < 0) {
		*neg = 1;
		return (unsigned long long)-s;
	}
	return (unsigned long long)s;
}

static void conversion(struct outbuf *o, char c, va_list *ap, int lng, int width, int flags)
{
	unsigned long long v;
	int neg;

	switch (c) {
	case 'c':
		if (!(flags & F_LEFT))
			pad(o, ' ', width - 1);
		put(o, (char)va_arg(*ap, int));
		if (flags & F_LEFT)
			pad(o, ' ', width - 1);
		return;
	case 's':
		string(o, va_arg(*ap, const char *), width, flags);
		return;
	case 'p':
		number(o, (unsigned long)va_arg(*ap, void *), 0, 16,
		       width < 0 ? 8 : width, width < 0 ? F_ZEROPAD : flags);
		return;
	case 'd':
	case 'i':
		flags |= F_SIGNED;
		v = int_arg(ap, lng, flags, &neg);
		number(o, v, neg, 10, width, flags);
		return;
	case 'u':
		number(o, int_arg(ap, lng, flags, &neg), 0, 10, width, flags);
		return;
	case 'X':
		flags |= F_UPPER;
		/* fall through */
	case 'x':
		number(o, int_arg(ap, lng, flags, &neg), 0, 16, width, flags);
		return;
	default:		/* unknown: print it verbatim so the mistake shows */
		put(o, '%');
		put(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		int flags = 0, width = -1, lng = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++)
			flags |= *fmt == '-' ? F_LEFT : F_ZEROPAD;
		if (*fmt == '*') {
			width = va_arg(aq, int);
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		for (; *fmt == 'l' || *fmt == 'L'; fmt++)
			lng += *fmt == 'L' ? 2 : 1;
		if (!*fmt)
			break;
		if (*fmt == '%')
			put(&o, '%');
		else
			conversion(&o, *fmt, &aq, lng, width, flags);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* One line of output is formatted whole, then sent; longer text is cut at 1 KiB. */
int printk(const char *fmt, ...)
{
	static char line[1024];
	va_list ap;
	int n, i;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (i = 0; line[i]; i++)
		serial_putc(line[i]);
	return n;
}
