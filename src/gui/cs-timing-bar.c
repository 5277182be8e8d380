/* cs-timing-bar.c: a small bar of where a step's time went
 *
 * Three segments in proportion: queued (waiting for a worker), working, and
 * waiting for people or an outside service. Drawn as snapshot nodes in the
 * theme's accent, success and warning colours; the tooltip gives the values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-format.h"
#include "cs-timing-bar.h"

#define BAR_HEIGHT 8
#define MIN_SEGMENT 2.0

struct _CsTimingBar
{
  GtkWidget parent_instance;

  double    queue_ms;
  double    execution_ms;
  double    wait_ms;
};

G_DEFINE_FINAL_TYPE (CsTimingBar, cs_timing_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUEUE_MS,
  PROP_EXECUTION_MS,
  PROP_WAIT_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
cs_timing_bar_get_shares (CsTimingBar *self,
                          double      *queued,
                          double      *working,
                          double      *waiting)
{
  double queue, wait, work, total;

  g_return_if_fail (CS_IS_TIMING_BAR (self));

  queue = MAX (self->queue_ms, 0);
  wait = MAX (self->wait_ms, 0);
  work = MAX (self->execution_ms - wait, 0);
  total = queue + work + wait;

  if (queued)
    *queued = total > 0 ? queue / total : 0;
  if (working)
    *working = total > 0 ? work / total : 0;
  if (waiting)
    *waiting = total > 0 ? wait / total : 0;
}

static void
update_tooltip (CsTimingBar *self)
{
  g_autofree char *queue = cs_format_duration_ms (self->queue_ms);
  g_autofree char *work = cs_format_duration_ms (self->execution_ms < 0 ? -1
                                                 : MAX (self->execution_ms - MAX (self->wait_ms, 0), 0));
  g_autofree char *wait = cs_format_duration_ms (self->wait_ms);
  g_autofree char *text = g_strdup_printf (_("Queued %s · Working %s · Waiting %s"), queue, work, wait);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
cs_timing_bar_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CsTimingBar *self = CS_TIMING_BAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double shares[3];
  const char *names[] = { "accent_bg_color", "success_bg_color", "warning_bg_color" };
  const char *fallbacks[] = { "#3584e4", "#2ec27e", "#e5a50a" };
  GskRoundedRect outline;
  GdkRGBA trough;
  double y = (height - BAR_HEIGHT) / 2.0;
  double x = 0;

  if (width <= 0)
    return;

  cs_timing_bar_get_shares (self, &shares[0], &shares[1], &shares[2]);
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, y, width, BAR_HEIGHT), BAR_HEIGHT / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);

  lookup_color (widget, "borders", "rgba(0,0,0,0.15)", &trough);
  gtk_snapshot_append_color (snapshot, &trough, &GRAPHENE_RECT_INIT (0, y, width, BAR_HEIGHT));

  for (guint i = 0; i < G_N_ELEMENTS (shares); i++)
    {
      GdkRGBA color;
      double w = shares[i] * width;

      if (shares[i] <= 0)
        continue;
      /* A share too small to see still shows that it happened. */
      w = MAX (w, MIN_SEGMENT);
      lookup_color (widget, names[i], fallbacks[i], &color);
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y, MIN (w, width - x), BAR_HEIGHT));
      x += w;
      if (x >= width)
        break;
    }
  gtk_snapshot_pop (snapshot);
}

static void
cs_timing_bar_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int requested;

      /* A width asked for (a legend's swatch) is the natural one too. */
      gtk_widget_get_size_request (widget, &requested, NULL);
      *minimum = 12;
      *natural = requested > 0 ? requested : 120;
    }
  else
    *minimum = *natural = BAR_HEIGHT;
}

static void
cs_timing_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CsTimingBar *self = CS_TIMING_BAR (object);

  switch (prop_id)
    {
    case PROP_QUEUE_MS:
      g_value_set_double (value, self->queue_ms);
      break;

    case PROP_EXECUTION_MS:
      g_value_set_double (value, self->execution_ms);
      break;

    case PROP_WAIT_MS:
      g_value_set_double (value, self->wait_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_time (CsTimingBar *self,
          double      *field,
          double       value,
          guint        prop_id)
{
  if (*field == value)
    return;
  *field = value;
  update_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
cs_timing_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CsTimingBar *self = CS_TIMING_BAR (object);

  switch (prop_id)
    {
    case PROP_QUEUE_MS:
      set_time (self, &self->queue_ms, g_value_get_double (value), prop_id);
      break;

    case PROP_EXECUTION_MS:
      set_time (self, &self->execution_ms, g_value_get_double (value), prop_id);
      break;

    case PROP_WAIT_MS:
      set_time (self, &self->wait_ms, g_value_get_double (value), prop_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_timing_bar_class_init (CsTimingBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_timing_bar_get_property;
  object_class->set_property = cs_timing_bar_set_property;
  widget_class->snapshot = cs_timing_bar_snapshot;
  widget_class->measure = cs_timing_bar_measure;

  properties[PROP_QUEUE_MS] =
    g_param_spec_double ("queue-ms", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXECUTION_MS] =
    g_param_spec_double ("execution-ms", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAIT_MS] =
    g_param_spec_double ("wait-ms", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timingbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cs_timing_bar_init (CsTimingBar *self)
{
  self->queue_ms = self->execution_ms = self->wait_ms = -1;
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
cs_timing_bar_new (void)
{
  return g_object_new (CS_TYPE_TIMING_BAR, NULL);
}

void
cs_timing_bar_set_times (CsTimingBar *self,
                         double       queue_ms,
                         double       execution_ms,
                         double       wait_ms)
{
  g_return_if_fail (CS_IS_TIMING_BAR (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_time (self, &self->queue_ms, queue_ms, PROP_QUEUE_MS);
  set_time (self, &self->execution_ms, execution_ms, PROP_EXECUTION_MS);
  set_time (self, &self->wait_ms, wait_ms, PROP_WAIT_MS);
  g_object_thaw_notify (G_OBJECT (self));
}
