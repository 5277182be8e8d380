/* cs-audit.c: checking the tamper-evident record
 *
 * Each record stores its predecessor's hash and its own; recomputing every
 * hash from the stored fields finds a record whose content was changed, and
 * checking the links and sequence numbers finds records removed, reordered or
 * inserted. Changing a record and re-hashing it breaks the link of the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-audit.h"

struct _CsAuditVerifier
{
  char      *last_hash;
  gint64     last_seq;
  guint64    n_records;
  GPtrArray *problems;
};

char *
cs_audit_hash (const char *prev_hash,
               gint64      seq,
               const char *kind,
               const char *payload_json)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

  g_return_val_if_fail (prev_hash != NULL && kind != NULL && payload_json != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) prev_hash, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) seq_text, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) kind, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) payload_json, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

CsAuditVerifier *
cs_audit_verifier_new (void)
{
  CsAuditVerifier *verifier = g_new0 (CsAuditVerifier, 1);

  verifier->last_hash = g_strdup (CS_AUDIT_GENESIS);
  verifier->problems = g_ptr_array_new_with_free_func (g_free);
  return verifier;
}

void
cs_audit_verifier_free (CsAuditVerifier *verifier)
{
  if (verifier == NULL)
    return;
  g_free (verifier->last_hash);
  g_ptr_array_unref (verifier->problems);
  g_free (verifier);
}

void
cs_audit_verifier_add (CsAuditVerifier *verifier,
                       gint64           seq,
                       const char      *kind,
                       const char      *payload_json,
                       const char      *prev_hash,
                       const char      *hash)
{
  g_autofree char *expected = NULL;

  g_return_if_fail (verifier != NULL);

  verifier->n_records++;
  if (seq != verifier->last_seq + 1)
    g_ptr_array_add (verifier->problems,
                     g_strdup_printf (_("Record %" G_GINT64_FORMAT " follows record %" G_GINT64_FORMAT
                                        ": records are missing or were inserted"),
                                      seq, verifier->last_seq));
  if (g_strcmp0 (prev_hash, verifier->last_hash) != 0)
    g_ptr_array_add (verifier->problems,
                     g_strdup_printf (_("Record %" G_GINT64_FORMAT " does not link to the record before it"),
                                      seq));

  expected = cs_audit_hash (prev_hash ? prev_hash : "", seq, kind ? kind : "", payload_json ? payload_json : "");
  if (g_strcmp0 (expected, hash) != 0)
    g_ptr_array_add (verifier->problems,
                     g_strdup_printf (_("Record %" G_GINT64_FORMAT " (%s) was altered: its content does not "
                                        "match its hash"), seq, kind));

  g_free (verifier->last_hash);
  verifier->last_hash = g_strdup (hash);
  verifier->last_seq = seq;
}

void
cs_audit_verifier_finish (CsAuditVerifier *verifier,
                          gint64           head_seq,
                          const char      *head_hash)
{
  g_return_if_fail (verifier != NULL);

  if (head_seq != verifier->last_seq || g_strcmp0 (head_hash, verifier->last_hash) != 0)
    g_ptr_array_add (verifier->problems,
                     g_strdup_printf (_("The chain ends at record %" G_GINT64_FORMAT " but its head says %"
                                        G_GINT64_FORMAT ": records were removed from its end"),
                                      verifier->last_seq, head_seq));
}

guint64
cs_audit_verifier_get_n_records (CsAuditVerifier *verifier)
{
  g_return_val_if_fail (verifier != NULL, 0);
  return verifier->n_records;
}

GPtrArray *
cs_audit_verifier_get_problems (CsAuditVerifier *verifier)
{
  g_return_val_if_fail (verifier != NULL, NULL);
  return verifier->problems;
}
