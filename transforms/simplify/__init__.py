"""Simplifications: each turns the rules' faithful output into the shorter form a person would
write, where a precondition read from the facts proves the two do the same. An unproven
precondition leaves the rules' output, which is correct."""

from transforms.simplify import fold_messages, one_shot, reply_text, wait_loops

SIMPLIFICATIONS = (fold_messages, wait_loops, reply_text, one_shot)

__all__ = ["SIMPLIFICATIONS"]
