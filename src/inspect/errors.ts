// Failures of inspection the technician can fix: a path that is not what it must be (a disk that cannot be
// read, a folder without Windows). The CLI maps it to exit code 4 (BAD_INPUT).

/** Bad input the user can fix: a path that is not what it must be. */
export class InputError extends Error {}
