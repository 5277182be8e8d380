/* cs-change-listener.h: which rows other connections changed, as the database announces them
 *
 * A listener owns one connection on a thread of its own that LISTENs on the
 * cs_changes channel (see data/sql/0007_live_updates.sql) and reconnects by
 * itself. Announcements of one tenant are gathered for a short moment and
 * delivered on the main context of whoever started the listener:
 *
 *   ::changed (detailed by table), with the table's name and the ids of
 *   the changed rows, or NULL when the database did not name them (too many,
 *   or a table announced as a whole);
 *   ::reset, after the connection came back: anything may have changed
 *   while nobody listened, so views reload what they show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_CHANGE_LISTENER (cs_change_listener_get_type ())

G_DECLARE_FINAL_TYPE (CsChangeListener, cs_change_listener, CS, CHANGE_LISTENER, GObject)

/* @tenant_id: deliver only that tenant's changes; NULL for every tenant's. */
CsChangeListener *cs_change_listener_new        (const char       *conninfo,
                                                 const char       *password,
                                                 const char       *tenant_id);
/* How long announcements are gathered before delivery (default 50 ms). */
void              cs_change_listener_set_delay  (CsChangeListener *self,
                                                 guint             msec);
void              cs_change_listener_start      (CsChangeListener *self);
/* Joins the thread; nothing is delivered after it returns. */
void              cs_change_listener_stop       (CsChangeListener *self);
/* Whether the LISTEN is in place ("listening" property, notified). */
gboolean          cs_change_listener_is_listening (CsChangeListener *self);

/* Whether @ids (as delivered by ::changed) names @id; TRUE for NULL @ids. */
gboolean          cs_change_ids_contain         (const char * const *ids,
                                                 const char       *id);

G_END_DECLS
