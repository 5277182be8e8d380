/* cs-leaderboard.c: groups ranked by score, with the change against the previous window
 *
 * Scores are compared as whole millionths so that two areas whose numbers
 * differ only by rounding noise (a median read from a histogram, a sum
 * taken in another order) tie instead of being split arbitrarily.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs-leaderboard.h"

struct _CsLeaderboard
{
  gatomicrefcount  ref_count;
  GArray          *entries;   /* of CsLeaderboardEntry */
  guint            n_ranked;
  GHashTable      *by_group;  /* name → index + 1 */
};

G_DEFINE_BOXED_TYPE (CsLeaderboard, cs_leaderboard, cs_leaderboard_ref, cs_leaderboard_unref)

static inline gint64
score_key (const CsLeaderboardEntry *entry)
{
  return llround (entry->score.score * 1e6);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CsLeaderboardEntry *x = a, *y = b;

  if (x->score.eligible != y->score.eligible)
    return x->score.eligible ? -1 : 1;
  if (x->score.eligible && score_key (x) != score_key (y))
    return score_key (x) > score_key (y) ? -1 : 1;
  return strcmp (x->group, y->group);
}

static void
clear_entry (gpointer data)
{
  g_free (((CsLeaderboardEntry *) data)->group);
}

CsLeaderboard *
cs_leaderboard_new (CsScores              *scores,
                    const CsScoreOptions  *options,
                    GHashTable            *previous_ranks,
                    GError               **error)
{
  const CsScoreOptions defaults = CS_SCORE_OPTIONS_INIT;
  g_auto(GStrv) groups = NULL;
  CsLeaderboard *board;

  g_return_val_if_fail (CS_IS_SCORES (scores), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  if (!cs_score_options_validate (options, error))
    return NULL;

  board = g_new0 (CsLeaderboard, 1);
  g_atomic_ref_count_init (&board->ref_count);
  board->entries = g_array_new (FALSE, TRUE, sizeof (CsLeaderboardEntry));
  g_array_set_clear_func (board->entries, clear_entry);
  board->by_group = g_hash_table_new (g_str_hash, g_str_equal);

  groups = cs_scores_dup_groups (scores);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      CsLeaderboardEntry entry = { 0, };

      entry.group = g_strdup (groups[i]);
      cs_scores_get (scores, groups[i], options, &entry.score);
      if (previous_ranks != NULL)
        entry.previous_rank = GPOINTER_TO_UINT (g_hash_table_lookup (previous_ranks, groups[i]));
      g_array_append_val (board->entries, entry);
    }
  g_array_sort (board->entries, compare_entries);

  for (guint i = 0; i < board->entries->len; i++)
    {
      CsLeaderboardEntry *entry = &g_array_index (board->entries, CsLeaderboardEntry, i);
      CsLeaderboardEntry *before = i > 0 ? entry - 1 : NULL;

      g_hash_table_insert (board->by_group, entry->group, GUINT_TO_POINTER (i + 1));
      if (!entry->score.eligible)
        continue;
      board->n_ranked++;
      if (before != NULL && score_key (before) == score_key (entry))
        {
          entry->rank = before->rank;
          entry->tied = before->tied = TRUE;
        }
      else
        entry->rank = i + 1;
    }
  for (guint i = 0; i < board->entries->len; i++)
    {
      CsLeaderboardEntry *entry = &g_array_index (board->entries, CsLeaderboardEntry, i);

      if (entry->rank > 0 && entry->previous_rank > 0)
        entry->rank_change = (int) entry->previous_rank - (int) entry->rank;
    }
  return board;
}

CsLeaderboard *
cs_leaderboard_ref (CsLeaderboard *board)
{
  g_return_val_if_fail (board != NULL, NULL);

  g_atomic_ref_count_inc (&board->ref_count);
  return board;
}

void
cs_leaderboard_unref (CsLeaderboard *board)
{
  if (board == NULL || !g_atomic_ref_count_dec (&board->ref_count))
    return;
  g_hash_table_unref (board->by_group);
  g_array_unref (board->entries);
  g_free (board);
}

guint
cs_leaderboard_get_n_entries (CsLeaderboard *board)
{
  g_return_val_if_fail (board != NULL, 0);

  return board->entries->len;
}

guint
cs_leaderboard_get_n_ranked (CsLeaderboard *board)
{
  g_return_val_if_fail (board != NULL, 0);

  return board->n_ranked;
}

const CsLeaderboardEntry *
cs_leaderboard_get_entry (CsLeaderboard *board,
                          guint          index)
{
  g_return_val_if_fail (board != NULL, NULL);
  g_return_val_if_fail (index < board->entries->len, NULL);

  return &g_array_index (board->entries, CsLeaderboardEntry, index);
}

const CsLeaderboardEntry *
cs_leaderboard_lookup (CsLeaderboard *board,
                       const char    *group)
{
  guint index;

  g_return_val_if_fail (board != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (board->by_group, group));
  return index > 0 ? &g_array_index (board->entries, CsLeaderboardEntry, index - 1) : NULL;
}

GHashTable *
cs_leaderboard_dup_ranks (CsLeaderboard *board)
{
  GHashTable *ranks;

  g_return_val_if_fail (board != NULL, NULL);

  ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < board->n_ranked; i++)
    {
      const CsLeaderboardEntry *entry = &g_array_index (board->entries, CsLeaderboardEntry, i);

      g_hash_table_insert (ranks, g_strdup (entry->group), GUINT_TO_POINTER (entry->rank));
    }
  return ranks;
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

JsonNode *
cs_leaderboard_to_json (CsLeaderboard *board)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (board != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < board->entries->len; i++)
    {
      const CsLeaderboardEntry *entry = &g_array_index (board->entries, CsLeaderboardEntry, i);
      const CsGroupScore *s = &entry->score;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "group");
      json_builder_add_string_value (builder, entry->group);
      add_int (builder, "rank", entry->rank);
      add_int (builder, "previous_rank", entry->previous_rank);
      add_int (builder, "rank_change", entry->rank_change);
      json_builder_set_member_name (builder, "tied");
      json_builder_add_boolean_value (builder, entry->tied);
      add_int (builder, "resolved", (gint64) s->resolved);
      add_int (builder, "with_sla", (gint64) s->with_sla);
      add_int (builder, "met", (gint64) s->met);
      add_int (builder, "open", (gint64) s->open);
      add_int (builder, "open_breached", (gint64) s->open_breached);
      add_number (builder, "compliance", s->compliance);
      add_number (builder, "speed", s->speed);
      add_number (builder, "score", s->score);
      add_number (builder, "mean_resolution_s", s->mean_resolution / G_USEC_PER_SEC);
      add_number (builder, "median_resolution_s", s->median_resolution / G_USEC_PER_SEC);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}
