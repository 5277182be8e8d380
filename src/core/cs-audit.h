/* cs-audit.h: checking the tamper-evident record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The hash of one record: SHA-256 (hex) of the previous hash, the sequence
 * number, the kind and the payload's JSON text, separated by newlines.
 * cs_audit_hash() in the database computes the same; this is the
 * independent implementation that verification trusts. */
char *cs_audit_hash (const char *prev_hash,
                     gint64      seq,
                     const char *kind,
                     const char *payload_json);

#define CS_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct _CsAuditVerifier CsAuditVerifier;

/* Feed the records of one chain in sequence order; each problem found is a
 * human-readable message naming the record. */
CsAuditVerifier *cs_audit_verifier_new      (void);
void             cs_audit_verifier_free     (CsAuditVerifier *verifier);
void             cs_audit_verifier_add      (CsAuditVerifier *verifier,
                                             gint64           seq,
                                             const char      *kind,
                                             const char      *payload_json,
                                             const char      *prev_hash,
                                             const char      *hash);
/* Compares the end of the chain with its recorded head (the last hash and
 * sequence number), which catches records deleted from the end. */
void             cs_audit_verifier_finish   (CsAuditVerifier *verifier,
                                             gint64           head_seq,
                                             const char      *head_hash);
guint64          cs_audit_verifier_get_n_records (CsAuditVerifier *verifier);
/* char* messages; empty when the chain is intact. */
GPtrArray       *cs_audit_verifier_get_problems  (CsAuditVerifier *verifier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsAuditVerifier, cs_audit_verifier_free)

G_END_DECLS
