/*
 * tty.c - /dev/console: COM1 with Linux's canonical line discipline (2.4
 * drivers/char/n_tty.c, reduced).  Bytes arrive on IRQ 4 and are edited
 * into a line: CR becomes NL (ICRNL), backspace/DEL erase one character
 * (echoing "\b \b"), ^C discards the line and sends SIGINT to the
 * foreground processes, ^D ends the line without a newline (at the start
 * of a line: end of file, read() returns 0).  Everything typed is echoed.
 * A read returns at most one line.  Output is written as is (no ONLCR: the
 * transcript keeps bare LFs, like printk).  Without job control, "the
 * foreground" is every process but init, which is immune as in Linux.
 */
#include "defs.h"
#include "fs.h"
#include "sched.h"
#include "uaccess.h"

#define N_TTY_BUF_SIZE	1024
#define LINE_MAX	256
#define CTRL(c)		((c) & 0x1F)
#define ASCII_DEL	0x7F

struct tty_struct {
	char line[LINE_MAX];		/* being edited */
	size_t line_len;
	char read_buf[N_TTY_BUF_SIZE];	/* finished lines */
	size_t read_len;
	int eof;			/* ^D on an empty line, not yet read */
	wait_queue_head_t read_wait;
};

static struct tty_struct console = {
	.read_wait = { LIST_HEAD_INIT(console.read_wait.task_list) },
};

static void echo(const char *s)
{
	while (*s)
		serial_putc(*s++);
}

static void commit_line(struct tty_struct *tty)
{
	size_t n = tty->line_len;

	if (n > N_TTY_BUF_SIZE - tty->read_len)
		n = N_TTY_BUF_SIZE - tty->read_len;
	memcpy(tty->read_buf + tty->read_len, tty->line, n);
	tty->read_len += n;
	tty->line_len = 0;
	wake_up_interruptible(&tty->read_wait);
}

static void isig(int sig)
{
	struct list_head *l;

	list_for_each(l, &task_list) {
		struct task_struct *p = list_entry(l, struct task_struct, tasks);

		if (p->mm && p != child_reaper)
			send_sig(sig, p);
	}
}

static void n_tty_receive_char(struct tty_struct *tty, char c)
{
	char s[2] = { c, 0 };

	if (c == '\r')
		c = s[0] = '\n';
	if (c == CTRL('C')) {
		echo("^C\n");
		tty->line_len = 0;
		isig(SIGINT);
	} else if (c == ASCII_DEL || c == '\b') {
		if (tty->line_len) {
			tty->line_len--;
			echo("\b \b");
		}
	} else if (c == CTRL('D')) {
		tty->eof = !tty->line_len;
		commit_line(tty);
	} else if (tty->line_len < LINE_MAX - 1 || c == '\n') {
		tty->line[tty->line_len++] = c;
		echo(s);
		if (c == '\n')
			commit_line(tty);
	}
}

static void tty_interrupt(struct trapframe *tf)
{
	int c;

	(void)tf;
	while ((c = serial_getc()) >= 0)
		n_tty_receive_char(&console, (char)c);
}

/* Up to count bytes of the first finished line. */
static long tty_read(struct file *file, char *ubuf, size_t count)
{
	struct tty_struct *tty = &console;
	size_t n = 0;

	(void)file;
	while (!tty->read_len && !tty->eof) {
		if (signal_pending(current))
			return -EINTR;
		interruptible_sleep_on(&tty->read_wait);
	}
	if (!tty->read_len) {
		tty->eof = 0;
		return 0;
	}
	while (n < count && n < tty->read_len && (n == 0 || tty->read_buf[n - 1] != '\n'))
		n++;
	if (copy_to_user(ubuf, tty->read_buf, n))
		return -EFAULT;
	memmove(tty->read_buf, tty->read_buf + n, tty->read_len - n);
	tty->read_len -= n;
	return (long)n;
}

static long tty_write(struct file *file, const char *ubuf, size_t count)
{
	char buf[128];
	size_t done = 0;

	(void)file;
	while (done < count) {
		size_t n = count - done < sizeof(buf) ? count - done : sizeof(buf), i;

		if (copy_from_user(buf, ubuf + done, n))
			return done ? (long)done : -EFAULT;
		for (i = 0; i < n; i++)
			serial_putc(buf[i]);
		done += n;
	}
	return (long)done;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
};

void tty_init(void)
{
	request_irq(4, tty_interrupt);
	serial_enable_rx();
}
