/* sessio-statistics-page.h
 *
 * SPDX-FileCopyrightText: 2026 The Sessio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Statistics section: a period and engagement, the user's
 * own figures and three charts, and exports of the anonymous report (PDF,
 * CSV, JSON, suppressed with the anonymity threshold of the settings) or
 * the anonymous file for a team report.
 */

#pragma once

#include <adwaita.h>

#include "sessio-patient-store.h"
#include "sessio-stats-report.h"

G_BEGIN_DECLS

#define SESSIO_TYPE_STATISTICS_PAGE (sessio_statistics_page_get_type ())

G_DECLARE_FINAL_TYPE (SessioStatisticsPage, sessio_statistics_page, SESSIO, STATISTICS_PAGE, AdwBin)

/* NULL: the vault is locked; every figure is dropped. */
void               sessio_statistics_page_set_store   (SessioStatisticsPage *self,
                                                       SessioPatientStore   *store);
/* Chooses "Custom" with these dates. */
void               sessio_statistics_page_set_period  (SessioStatisticsPage *self,
                                                       const GDate          *from,
                                                       const GDate          *to);
/* Recomputes (the page does so itself when shown or changed). */
void               sessio_statistics_page_refresh     (SessioStatisticsPage *self);
/* Writes what the Export menu writes, without asking for a file:
 * @format is "pdf", "csv", "json" (the report, suppressed with the
 * anonymity threshold of the settings) or "anon" (the team file). */
gboolean           sessio_statistics_page_export      (SessioStatisticsPage *self,
                                                       const char           *format,
                                                       const char           *path,
                                                       GError              **error);
/* What the page shows (threshold 1), or NULL. */
/* NULL while the figures are being computed (off the UI thread) and when
 * there are none. */
SessioStatsReport *sessio_statistics_page_get_report  (SessioStatisticsPage *self);
gboolean           sessio_statistics_page_is_computing (SessioStatisticsPage *self);

G_END_DECLS
