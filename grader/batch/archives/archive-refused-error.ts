import { NotGradableError } from '../../errors.js'

/** An archive that was not extracted: the student it belongs to is not gradable, the rest of the class is */
export class ArchiveRefusedError extends NotGradableError {
  override name = 'ArchiveRefusedError'
  constructor(
    readonly archive: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Refused "${archive}": ${reason}`, options)
  }
}
