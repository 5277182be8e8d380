/* test-flatpak-manifest.c: the Flatpak manifest parses and says what we ship
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

static const char *manifest_path;

static JsonObject *
load_manifest (JsonParser **parser_out)
{
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();
  JsonNode *root;

  json_parser_load_from_file (parser, manifest_path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  *parser_out = parser;
  return json_node_get_object (root);
}

static void
test_app_and_runtime (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *manifest = load_manifest (&parser);

  g_assert_cmpstr (json_object_get_string_member (manifest, "app-id"), ==, "org.civicstream.CivicStream");
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  /* GNOME 43 is the runtime with GTK 4.8 and libadwaita 1.2, the versions we build against. */
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime-version"), ==, "43");
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "civicstream");
}

static void
test_finish_args (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *manifest = load_manifest (&parser);
  JsonArray *args = json_object_get_array_member (manifest, "finish-args");
  const char *wanted[] = { "--socket=wayland", "--socket=fallback-x11", "--share=ipc", "--device=dri",
                           "--share=network" };

  g_assert_nonnull (args);
  for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < json_array_get_length (args); i++)
        found |= g_strcmp0 (json_array_get_string_element (args, i), wanted[w]) == 0;
      if (!found)
        g_error ("finish-args lacks %s", wanted[w]);
    }
}

static void
test_modules (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *manifest = load_manifest (&parser);
  JsonArray *modules = json_object_get_array_member (manifest, "modules");
  const char *wanted[] = { "postgresql", "graphviz", "civicstream" };
  guint last = 0;

  g_assert_nonnull (modules);
  for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < json_array_get_length (modules); i++)
        {
          JsonObject *module = json_array_get_object_element (modules, i);
          if (g_strcmp0 (json_object_get_string_member (module, "name"), wanted[w]) == 0)
            {
              found = TRUE;
              /* Dependencies must come before the app that links them. */
              g_assert_cmpuint (i, >=, last);
              last = i;
              g_assert_true (json_object_has_member (module, "sources"));
              g_assert_true (json_object_has_member (module, "buildsystem"));
            }
        }
      if (!found)
        g_error ("no module %s", wanted[w]);
    }

  /* The app itself builds with meson. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (modules, last), "buildsystem"),
                   ==, "meson");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, >=, 2);
  manifest_path = argv[1];

  g_test_add_func ("/flatpak/app-and-runtime", test_app_and_runtime);
  g_test_add_func ("/flatpak/finish-args", test_finish_args);
  g_test_add_func ("/flatpak/modules", test_modules);
  return g_test_run ();
}
