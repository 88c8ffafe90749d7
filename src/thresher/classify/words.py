"""A small multilingual set of function words: one language-neutral-ish prose signal.

Prose is full of articles, pronouns and prepositions; menus and buttons are not. The set mixes
the commonest function words of several languages, so no per-language list is needed.
"""

from __future__ import annotations

_WORDS = """
the a an and or of to in on at for with from by as is are was were be been it its this that
these those he she they we you i his her their our not but if so than then there which who
what when will would can could has have had do does did
der die das den dem des ein eine einer eines und oder zu im in auf mit von für ist sind war
wurde werden nicht auch sich es er sie wir ich dass wie bei nach aus als an noch nur
le la les un une des du de et ou à au aux en dans pour par sur avec est sont était qui que
ne pas il elle ils nous vous ce cette se plus
el la los las un una y o de del en por para con es son fue que se no lo su al como más
il lo gli le un una e o di da in per con è sono che non si del della
o a os as um uma e ou de do da em no na para com é são que não se
de het een en of van in op met voor is zijn was niet dat die ook aan
i w na z do że nie się to jest jak o od za po
и в на с по не что это как от к за из о у же но для то
och att det som en är på med för av den inte
ve bir bu da de ile için olarak
"""
FUNCTION_WORDS = frozenset(_WORDS.split())
