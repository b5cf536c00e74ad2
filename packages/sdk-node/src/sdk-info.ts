/** Sent with telemetry so the server can tell SDKs (and their bugs) apart. Checked against package.json by a test. */
export const SDK_INFO = Object.freeze({ name: '@switchyard/sdk-node', version: '0.1.0' });
