/*
 * dfa.c - a table-driven tokenizer (a DFA over character classes, as a lexer generator emits)
 * run over 32 KiB of generated source-like text each round: identifiers, decimal and hex
 * numbers, strings with escapes, # comments, operators, malformed tokens. One table load per
 * character plus a rarely taken "token ends" branch. Each round changes one character first;
 * the checksum folds every token's kind and length.
 */
#include "bench.h"

#define TEXT_SIZE (32 * 1024)

const char workload_name[] = "dfa";

/* Character classes. */
enum { C_SPACE, C_NL, C_HEXLETTER, C_X, C_LETTER, C_ZERO, C_DIGIT, C_QUOTE, C_BACKSLASH,
       C_HASH, C_OP, C_OTHER, NCLASSES };
/* States; a token's kind is the state it ends in. */
enum { S_START, S_IDENT, S_NUMBER, S_ZERO, S_HEX, S_HEXDIG, S_STRING, S_ESC, S_STREND,
       S_COMMENT, S_OP, S_ERROR, NSTATES };
/* A transition that ends the token of the state it leaves. */
#define EMIT 0x80

static u8 cls[256];
static u8 next[NSTATES][NCLASSES];
static char text[TEXT_SIZE];

static u8 token_start(int c)
{
	static const u8 start[NCLASSES] = {
		[C_SPACE] = S_START, [C_NL] = S_START, [C_HEXLETTER] = S_IDENT, [C_X] = S_IDENT,
		[C_LETTER] = S_IDENT, [C_ZERO] = S_ZERO, [C_DIGIT] = S_NUMBER, [C_QUOTE] = S_STRING,
		[C_BACKSLASH] = S_OP, [C_HASH] = S_COMMENT, [C_OP] = S_OP, [C_OTHER] = S_ERROR,
	};
	return start[c];
}

static int is_letter(int c) { return c == C_HEXLETTER || c == C_X || c == C_LETTER; }
static int is_digit(int c) { return c == C_ZERO || c == C_DIGIT; }

/* What state s does on class c; `EMIT | token_start(c)` closes the token and opens the next. */
static u8 transition(int s, int c)
{
	u8 close = (u8)(EMIT | token_start(c));
	switch (s) {
	case S_START:   return token_start(c);
	case S_IDENT:   return is_letter(c) || is_digit(c) ? S_IDENT : close;
	case S_NUMBER:  return is_digit(c) ? S_NUMBER : is_letter(c) ? S_ERROR : close;
	case S_ZERO:    return c == C_X ? S_HEX : is_digit(c) ? S_NUMBER : is_letter(c) ? S_ERROR : close;
	case S_HEX:     return c == C_HEXLETTER || is_digit(c) ? S_HEXDIG : S_ERROR;
	case S_HEXDIG:  return c == C_HEXLETTER || is_digit(c) ? S_HEXDIG : is_letter(c) ? S_ERROR : close;
	case S_STRING:  return c == C_QUOTE ? S_STREND : c == C_BACKSLASH ? S_ESC : c == C_NL ? S_ERROR : S_STRING;
	case S_ESC:     return c == C_NL ? S_ERROR : S_STRING;
	case S_STREND:  return close;
	case S_COMMENT: return c == C_NL ? EMIT | S_START : S_COMMENT;
	case S_OP:      return c == C_OP ? S_OP : close;
	default:        return c == C_SPACE || c == C_NL || c == C_OP ? close : S_ERROR;
	}
}

static void build_tables(void)
{
	for (int ch = 0; ch < 256; ch++) {
		u8 c = C_OTHER;
		if (ch == ' ' || ch == '\t')
			c = C_SPACE;
		else if (ch == '\n')
			c = C_NL;
		else if ((ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))
			c = C_HEXLETTER;
		else if (ch == 'x')
			c = C_X;
		else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')
			c = C_LETTER;
		else if (ch == '0')
			c = C_ZERO;
		else if (ch >= '1' && ch <= '9')
			c = C_DIGIT;
		else if (ch == '"')
			c = C_QUOTE;
		else if (ch == '\\')
			c = C_BACKSLASH;
		else if (ch == '#')
			c = C_HASH;
		else if (ch == '+' || ch == '-' || ch == '*' || ch == '/' || ch == '=' || ch == '<' ||
			 ch == '>' || ch == '(' || ch == ')' || ch == ';' || ch == ',' || ch == '{' || ch == '}')
			c = C_OP;
		cls[ch] = c;
	}
	for (int s = 0; s < NSTATES; s++)
		for (int c = 0; c < NCLASSES; c++)
			next[s][c] = transition(s, c);
}

/* Appends up to `room` characters of one generated lexeme at p; returns how many. */
static u32 lexeme(char *p, u32 room, u32 *seed)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz_ABCXYZ";
	static const char ops[] = "+-*/=<>();,{}";
	static const char others[] = "@$`~!?";
	u32 r = lcg_next(seed) >> 8;
	u32 len = 1 + (r >> 4) % 9, n = 0;
	if (len > room)
		len = room;
	switch (r & 15) {
	case 0: case 1: case 2: case 3:                          /* identifier */
		while (n < len)
			p[n++] = letters[(lcg_next(seed) >> 16) % (sizeof(letters) - 1)];
		break;
	case 4: case 5:                                          /* decimal or hex number */
		if (len > 2 && (r & 0x100)) {
			p[n++] = '0';
			p[n++] = 'x';
			while (n < len)
				p[n++] = "0123456789abcdef"[(lcg_next(seed) >> 16) & 15];
		} else {
			while (n < len)
				p[n++] = (char)('0' + (lcg_next(seed) >> 16) % 10);
		}
		break;
	case 6:                                                  /* string with an escape */
		p[n++] = '"';
		while (n + 1 < len) {
			p[n] = n == 3 ? '\\' : letters[(lcg_next(seed) >> 16) % 26];
			n++;
		}
		if (n < len)
			p[n++] = '"';
		break;
	case 7:                                                  /* comment to end of line */
		p[n++] = '#';
		while (n + 1 < len)
			p[n++] = ' ' + (char)((lcg_next(seed) >> 16) % 90);
		if (n < len)
			p[n++] = '\n';
		break;
	case 8: case 9:                                          /* operators */
		len = 1 + (r >> 4) % 2;
		while (n < len && n < room)
			p[n++] = ops[(lcg_next(seed) >> 16) % (sizeof(ops) - 1)];
		break;
	case 10:
		p[n++] = others[(r >> 4) % (sizeof(others) - 1)];
		break;
	case 11:
		p[n++] = '\n';
		break;
	default:                                                 /* whitespace */
		p[n++] = ' ';
		break;
	}
	return n;
}

u32 workload(u32 rounds)
{
	u32 seed = 0xC0FFEE11;
	build_tables();
	for (u32 pos = 0; pos < TEXT_SIZE; )
		pos += lexeme(text + pos, TEXT_SIZE - pos, &seed);
	u32 sum = 0;
	for (u32 r = 0; r < rounds; r++) {
		text[(r * 7919) % TEXT_SIZE] = " a0x\"#+\n"[r & 7];
		u32 s = S_START, start = 0;
		for (u32 i = 0; i < TEXT_SIZE; i++) {
			u32 t = next[s][cls[(u8)text[i]]];
			if (t & EMIT) {
				sum = sum * 33 + (s << 16) + (i - start);
				start = i;
			}
			s = t & ~EMIT;
		}
		sum = sum * 33 + s;
	}
	return sum;
}
