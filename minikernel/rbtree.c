/*
 * rbtree.c - red-black tree rebalancing, the algorithm of Linux 2.4
 * lib/rbtree.c (itself after Cormen, Leiserson, Rivest, ch. 14): insertion
 * recolours or rotates upwards from the new red node; erasure splices out
 * the node (or its in-order successor) and, if a black node went, fixes the
 * double black on the way up.  rb_check() verifies the invariants for the
 * self-tests.
 */
#include "rbtree.h"

static void __rb_rotate_left(rb_node_t *node, rb_root_t *root)
{
	rb_node_t *right = node->rb_right;

	if ((node->rb_right = right->rb_left))
		right->rb_left->rb_parent = node;
	right->rb_left = node;
	if ((right->rb_parent = node->rb_parent)) {
		if (node == node->rb_parent->rb_left)
			node->rb_parent->rb_left = right;
		else
			node->rb_parent->rb_right = right;
	} else {
		root->rb_node = right;
	}
	node->rb_parent = right;
}

static void __rb_rotate_right(rb_node_t *node, rb_root_t *root)
{
	rb_node_t *left = node->rb_left;

	if ((node->rb_left = left->rb_right))
		left->rb_right->rb_parent = node;
	left->rb_right = node;
	if ((left->rb_parent = node->rb_parent)) {
		if (node == node->rb_parent->rb_right)
			node->rb_parent->rb_right = left;
		else
			node->rb_parent->rb_left = left;
	} else {
		root->rb_node = left;
	}
	node->rb_parent = left;
}

void rb_insert_color(rb_node_t *node, rb_root_t *root)
{
	rb_node_t *parent, *gparent;

	while ((parent = node->rb_parent) && parent->rb_color == RB_RED) {
		gparent = parent->rb_parent;
		if (parent == gparent->rb_left) {
			rb_node_t *uncle = gparent->rb_right;

			if (uncle && uncle->rb_color == RB_RED) {
				uncle->rb_color = parent->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (parent->rb_right == node) {
				rb_node_t *tmp;

				__rb_rotate_left(parent, root);
				tmp = parent, parent = node, node = tmp;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			__rb_rotate_right(gparent, root);
		} else {
			rb_node_t *uncle = gparent->rb_left;

			if (uncle && uncle->rb_color == RB_RED) {
				uncle->rb_color = parent->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (parent->rb_left == node) {
				rb_node_t *tmp;

				__rb_rotate_right(parent, root);
				tmp = parent, parent = node, node = tmp;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			__rb_rotate_left(gparent, root);
		}
	}
	root->rb_node->rb_color = RB_BLACK;
}

#define IS_BLACK(n)	(!(n) || (n)->rb_color == RB_BLACK)

/* The left-child half of the double-black fix; returns the node to go on with. */
static rb_node_t *erase_fix_left(rb_node_t *parent, rb_root_t *root)
{
	rb_node_t *other = parent->rb_right;

	if (other->rb_color == RB_RED) {
		other->rb_color = RB_BLACK;
		parent->rb_color = RB_RED;
		__rb_rotate_left(parent, root);
		other = parent->rb_right;
	}
	if (IS_BLACK(other->rb_left) && IS_BLACK(other->rb_right)) {
		other->rb_color = RB_RED;
		return parent;
	}
	if (IS_BLACK(other->rb_right)) {
		other->rb_left->rb_color = RB_BLACK;
		other->rb_color = RB_RED;
		__rb_rotate_right(other, root);
		other = parent->rb_right;
	}
	other->rb_color = parent->rb_color;
	parent->rb_color = RB_BLACK;
	if (other->rb_right)
		other->rb_right->rb_color = RB_BLACK;
	__rb_rotate_left(parent, root);
	return root->rb_node;
}

static rb_node_t *erase_fix_right(rb_node_t *parent, rb_root_t *root)
{
	rb_node_t *other = parent->rb_left;

	if (other->rb_color == RB_RED) {
		other->rb_color = RB_BLACK;
		parent->rb_color = RB_RED;
		__rb_rotate_right(parent, root);
		other = parent->rb_left;
	}
	if (IS_BLACK(other->rb_left) && IS_BLACK(other->rb_right)) {
		other->rb_color = RB_RED;
		return parent;
	}
	if (IS_BLACK(other->rb_left)) {
		other->rb_right->rb_color = RB_BLACK;
		other->rb_color = RB_RED;
		__rb_rotate_left(other, root);
		other = parent->rb_left;
	}
	other->rb_color = parent->rb_color;
	parent->rb_color = RB_BLACK;
	if (other->rb_left)
		other->rb_left->rb_color = RB_BLACK;
	__rb_rotate_right(parent, root);
	return root->rb_node;
}

static void __rb_erase_color(rb_node_t *node, rb_node_t *parent, rb_root_t *root)
{
	while (IS_BLACK(node) && node != root->rb_node) {
		rb_node_t *next = parent->rb_left == node ? erase_fix_left(parent, root)
							  : erase_fix_right(parent, root);
		node = next;
		parent = node->rb_parent;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

static void replace_child(rb_node_t *parent, rb_node_t *old, rb_node_t *new, rb_root_t *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

void rb_erase(rb_node_t *node, rb_root_t *root)
{
	rb_node_t *child, *parent;
	int color;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = node->rb_parent;
		color = node->rb_color;
		if (child)
			child->rb_parent = parent;
		replace_child(parent, node, child, root);
	} else {
		rb_node_t *old = node;

		for (node = node->rb_right; node->rb_left; node = node->rb_left)
			;
		child = node->rb_right;
		parent = node->rb_parent;
		color = node->rb_color;
		if (child)
			child->rb_parent = parent;
		replace_child(parent, node, child, root);
		if (node->rb_parent == old)
			parent = node;
		node->rb_parent = old->rb_parent;
		node->rb_color = old->rb_color;
		node->rb_right = old->rb_right;
		node->rb_left = old->rb_left;
		replace_child(old->rb_parent, old, node, root);
		old->rb_left->rb_parent = node;
		if (old->rb_right)
			old->rb_right->rb_parent = node;
	}
	if (color == RB_BLACK)
		__rb_erase_color(child, parent, root);
}

rb_node_t *rb_first(const rb_root_t *root)
{
	rb_node_t *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

rb_node_t *rb_next(const rb_node_t *node)
{
	const rb_node_t *parent;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (rb_node_t *)node;
	}
	while ((parent = node->rb_parent) && node == parent->rb_right)
		node = parent;
	return (rb_node_t *)parent;
}

/* Black height of the subtree, or -1 if a rule is broken below n. */
static int check_subtree(const rb_node_t *n, const rb_node_t *parent)
{
	int l, r;

	if (!n)
		return 1;
	if (n->rb_parent != parent)
		return -1;
	if (n->rb_color == RB_RED && (!IS_BLACK(n->rb_left) || !IS_BLACK(n->rb_right)))
		return -1;
	l = check_subtree(n->rb_left, n);
	r = check_subtree(n->rb_right, n);
	if (l < 0 || r < 0 || l != r)
		return -1;
	return l + (n->rb_color == RB_BLACK);
}

/* 0 if root is black, no red node has a red child and all black heights agree. */
int rb_check(const rb_root_t *root, int *black_height)
{
	int h;

	if (root->rb_node && root->rb_node->rb_color != RB_BLACK)
		return -1;
	h = check_subtree(root->rb_node, NULL);
	if (black_height)
		*black_height = h;
	return h < 0 ? -1 : 0;
}
