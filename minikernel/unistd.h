/*
 * unistd.h - Linux i386 system-call numbers (asm-i386/unistd.h) that the
 * minikernel implements; syscall.c's table is indexed by them.
 */
#ifndef UNISTD_H
#define UNISTD_H

#define __NR_exit		1
#define __NR_fork		2
#define __NR_read		3
#define __NR_write		4
#define __NR_open		5
#define __NR_close		6
#define __NR_waitpid		7
#define __NR_unlink		10
#define __NR_execve		11
#define __NR_chdir		12
#define __NR_lseek		19
#define __NR_getpid		20
#define __NR_kill		37
#define __NR_mkdir		39
#define __NR_dup		41
#define __NR_pipe		42
#define __NR_brk		45
#define __NR_dup2		63
#define __NR_getppid		64
#define __NR_mmap		90
#define __NR_munmap		91
#define __NR_wait4		114
#define __NR_uname		122
#define __NR_mprotect		125
#define __NR_writev		146
#define __NR_sched_yield	158
#define __NR_nanosleep		162
#define __NR_getcwd		183
#define __NR_mmap2		192
#define __NR_stat64		195
#define __NR_fstat64		197
#define __NR_getdents64		220
#define __NR_exit_group		252
#define __NR_set_tid_address	258
#define NR_syscalls		260

#endif /* UNISTD_H */
