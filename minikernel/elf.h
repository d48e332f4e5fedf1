/*
 * elf.h - the parts of the ELF32 format (System V ABI, Intel386 supplement)
 * that exec.c reads: the file header and the program headers.
 */
#ifndef ELF_H
#define ELF_H

#include <stdint.h>

#define EI_NIDENT	16
#define ELFMAG		"\177ELF"
#define EI_CLASS	4
#define ELFCLASS32	1
#define ET_EXEC		2
#define EM_386		3
#define PT_LOAD		1
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

/* Auxiliary vector tags (elf.h: AT_NULL, AT_PAGESZ, AT_ENTRY). */
#define AT_NULL		0
#define AT_PAGESZ	6
#define AT_ENTRY	9

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} Elf32_Phdr;

#endif /* ELF_H */
