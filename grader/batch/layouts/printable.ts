// Text a student controls (names from a metadata file, file names, archive entries), made one printable line
export { printable } from '../../reporters/clean.js'
