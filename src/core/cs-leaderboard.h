/* cs-leaderboard.h: groups ranked by score, with the change against the previous window
 *
 * Ranking rules (docs/sla-and-scores.md):
 *
 * - Only eligible groups are ranked: at least min_resolved resolutions in
 *   the window (default 10, so one fast fix cannot top the board) and a
 *   score. The others are listed after the ranked ones, by name, with rank 0.
 * - Higher scores rank first. Scores equal to six decimals (0.0001 points on
 *   the 0–100 scale) tie and share a rank; the next rank skips the tied
 *   places ("1, 2, 2, 4"). Tied groups are listed by name (strcmp()), so the
 *   board is the same whatever order the groups came in.
 * - rank_change = previous_rank − rank: positive when the group moved up.
 *   It is 0 when the group was not ranked in the previous window
 *   (previous_rank 0: new on the board) or is not ranked now.
 *
 * A leaderboard is immutable and may be shared between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "cs-scores.h"

G_BEGIN_DECLS

typedef struct
{
  char         *group;
  guint         rank;            /* 1 is best; 0: not ranked */
  guint         previous_rank;   /* 0: not ranked in the previous window */
  int           rank_change;     /* previous_rank − rank when both are ranked, else 0 */
  gboolean      tied;            /* another group shares the rank */
  CsGroupScore  score;
} CsLeaderboardEntry;

typedef struct _CsLeaderboard CsLeaderboard;

#define CS_TYPE_LEADERBOARD (cs_leaderboard_get_type ())
GType          cs_leaderboard_get_type        (void) G_GNUC_CONST;

/* Ranks the groups of @scores under @options (NULL: the defaults), which
 * must validate. @previous_ranks maps a group name to its rank in the
 * previous window (GUINT_TO_POINTER), as cs_leaderboard_dup_ranks() of the
 * previous board returns or the database stored; NULL when there is none. */
CsLeaderboard *cs_leaderboard_new             (CsScores              *scores,
                                               const CsScoreOptions  *options,
                                               GHashTable            *previous_ranks,
                                               GError               **error);
CsLeaderboard *cs_leaderboard_ref             (CsLeaderboard         *board);
void           cs_leaderboard_unref           (CsLeaderboard         *board);

/* Ranked entries first, by rank, then the unranked ones. */
guint          cs_leaderboard_get_n_entries   (CsLeaderboard         *board);
guint          cs_leaderboard_get_n_ranked    (CsLeaderboard         *board);
const CsLeaderboardEntry *
               cs_leaderboard_get_entry       (CsLeaderboard         *board,
                                               guint                  index);
/* NULL for a group not on the board. */
const CsLeaderboardEntry *
               cs_leaderboard_lookup          (CsLeaderboard         *board,
                                               const char            *group);
/* Group name → GUINT_TO_POINTER (rank) of the ranked groups, to pass as the
 * next window's @previous_ranks. */
GHashTable    *cs_leaderboard_dup_ranks       (CsLeaderboard         *board);
/* An array of entries: group, rank, previous_rank, rank_change, tied,
 * resolved, with_sla, met, open, open_breached, compliance, speed, score
 * (the last three 0 to 1), mean_resolution_s, median_resolution_s
 * (numbers that do not exist are null). */
JsonNode      *cs_leaderboard_to_json         (CsLeaderboard         *board);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsLeaderboard, cs_leaderboard_unref)

G_END_DECLS
