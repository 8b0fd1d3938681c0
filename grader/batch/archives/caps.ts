/** Limits on what one student's archive may unpack to: past any of them the archive is refused, never partly graded */
export interface ArchiveCaps {
  readonly maxTotalBytes: number
  readonly maxEntries: number
  readonly maxRatio: number
  readonly ratioFloorBytes: number
}

// One student's archive, checked while it streams (headers can lie, so the bytes actually written are counted)
export const ARCHIVE_CAPS: ArchiveCaps = {
  // A textbook pair is two files of about 1 KiB; a student who zips a whole project folder (a venv, .git, screenshots,
  // a PDF report) reaches 5-20 MiB. 50 MiB lets all of that through and bounds 1,000 students at 50 GiB of staging
  maxTotalBytes: 50 * 1024 * 1024,
  // Entries of any kind (files, folders, links): a Python venv is 1,000-2,000, a textbook submission under 10
  maxEntries: 2000,
  // Source code deflates 3-10:1 and text logs up to about 30:1; a zip bomb is near deflate's limit of 1032:1
  maxRatio: 100,
  // A small file of repeated lines can beat 100:1 honestly: the ratio is judged only past 1 MiB written (per entry
  // for a zip, for the whole stream of a .tar.gz), so an entry has at most ~1 MiB + 100x its size to prove itself
  ratioFloorBytes: 1024 * 1024,
}
