import type { StudentContact } from '../types.js'

/** A student as a layout found them, before ids are made safe and files are staged */
export interface FoundStudent {
  /** The id the system gave (user id, folder name...), not yet sanitized */
  readonly rawId: string
  readonly name: string
  /** One of three sources: a folder graded where it is (staged only if it holds an archive)... */
  readonly folder?: string
  /** ...files copied into the student's staging folder under their original names... */
  readonly files?: readonly { readonly from: string; readonly as: string }[]
  /** ...or one archive extracted as the student's folder */
  readonly archive?: string
  readonly late?: boolean
  readonly notes: readonly string[]
  /** Ids and names that are this student's own and may appear in their file names (Canvas prefix, group partners) */
  readonly aliases?: readonly string[]
  /** Who handed it in, where the export says (Gradescope's metadata) */
  readonly contacts?: readonly StudentContact[]
  /** Set when the layout alone knows there is nothing to grade (Moodle online text only): `folder` is not staged */
  readonly notGradableReason?: string
}

/** What one layout's scanner found under the class folder */
export interface LayoutFinding {
  readonly students: readonly FoundStudent[]
  readonly warnings: readonly string[]
}
