/*
 * stdio.c - formatted output without buffering between calls: each printf
 * is formatted whole and written with one write(2), so lines from different
 * processes never tear in the middle.
 */
#include "libc.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void number(struct out *o, unsigned long v, int neg, unsigned base, int width, int zero,
		   int left, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	width -= n + neg;
	if (!left && !zero)
		pad(o, ' ', width);
	if (neg)
		put(o, '-');
	if (!left && zero)
		pad(o, '0', width);
	while (n)
		put(o, tmp[--n]);
	if (left)
		pad(o, ' ', width);
}

static void conv(struct out *o, char c, va_list *ap, int width, int zero, int left)
{
	long s;
	const char *str;
	int n;

	switch (c) {
	case 'd': case 'i':
		s = va_arg(*ap, long);
		number(o, s < 0 ? (unsigned long)-s : (unsigned long)s, s < 0, 10, width, zero, left, 0);
		break;
	case 'u':
		number(o, va_arg(*ap, unsigned long), 0, 10, width, zero, left, 0);
		break;
	case 'x': case 'X':
		number(o, va_arg(*ap, unsigned long), 0, 16, width, zero, left, c == 'X');
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		number(o, (unsigned long)va_arg(*ap, void *), 0, 16, 8, 1, 0, 0);
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		n = (int)strlen(str);
		if (!left)
			pad(o, ' ', width - n);
		while (*str)
			put(o, *str++);
		if (left)
			pad(o, ' ', width - n);
		break;
	default:
		put(o, '%');
		put(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		int width = 0, zero = 0, left = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++)
			*fmt == '-' ? (left = 1) : (zero = 1);
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		while (*fmt == 'l')
			fmt++;
		if (!*fmt)
			break;
		if (*fmt == '%')
			put(&o, '%');
		else
			conv(&o, *fmt, &aq, width, zero, left);
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

static int vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	write(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	write(1, s, strlen(s));
	return (int)write(1, "\n", 1);
}

/* Copies a file to stdout; returns the bytes copied or the first error. */
long cat_file(const char *path)
{
	char buf[512];
	long n, total = 0;
	int fd = open(path, O_RDONLY, 0);

	if (fd < 0)
		return fd;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		write(1, buf, (size_t)n);
		total += n;
	}
	close(fd);
	return n < 0 ? n : total;
}
