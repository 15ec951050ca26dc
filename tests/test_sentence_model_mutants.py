"""xlperf/report/sentence_model.py: the surviving mutants argued equivalent (moved from
tests/test_sentence_model.py, where the tests named below are).

Survivors argued equivalent (mutmut's names; run recorded in docs/mutation.md):

* _fraction 5 — ``rstrip("XX%％XX")``: a written rate ends in a digit and %, never in “X”: the same characters go;
* Sentence.statements 20 — ``start >= at``: when a carried sentence starts the match (start == at) the cut is at most
  ``start``, and ``text[at:cut]`` is empty either way (test_a_carried_sentence_is_left_out_of_the_statement);
* Sentence.read 5 — the hints tested with ``any`` where ``all`` are needed: the hints are a quick pre-filter; a text
  missing the wording of a clause the pattern requires is not matched by the pattern either
  (test_a_sentence_is_read_back_with_its_figures).
"""
