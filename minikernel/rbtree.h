/*
 * rbtree.h - red-black trees as Linux's <linux/rbtree.h>: the node is
 * embedded in the object, the caller does the ordered descent itself and
 * then calls rb_link_node() and rb_insert_color(); rb_erase() unlinks and
 * rebalances.  Properties (Cormen et al. 13.1): every node red or black,
 * the root black, a red node has black children, and every path from a node
 * down to a leaf crosses the same number of black nodes.
 */
#ifndef RBTREE_H
#define RBTREE_H

#include <stddef.h>

#define RB_RED		0
#define RB_BLACK	1

typedef struct rb_node_s {
	struct rb_node_s *rb_parent;
	int rb_color;
	struct rb_node_s *rb_right, *rb_left;
} rb_node_t;

typedef struct rb_root_s {
	rb_node_t *rb_node;
} rb_root_t;

#define RB_ROOT		((rb_root_t){ NULL })
#define rb_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline void rb_link_node(rb_node_t *node, rb_node_t *parent, rb_node_t **link)
{
	node->rb_parent = parent;
	node->rb_color = RB_RED;
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/* rbtree.c */
void rb_insert_color(rb_node_t *node, rb_root_t *root);
void rb_erase(rb_node_t *node, rb_root_t *root);
rb_node_t *rb_first(const rb_root_t *root);
rb_node_t *rb_next(const rb_node_t *node);
int rb_check(const rb_root_t *root, int *black_height);

#endif /* RBTREE_H */
