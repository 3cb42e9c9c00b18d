// Shapes from real SDKs and bundles that look like secrets to a careless scanner.
export const AuthPlugin = {
  MYSQL_NATIVE_PASSWORD: 'MYSQL_NATIVE_PASSWORD',
  MYSQL_CACHING_SHA2_PASSWORD: "MYSQL_CACHING_SHA2_PASSWORD",
}
export const X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token";
/**
 * @example
 *   MasterUserPassword: "STRING_VALUE",
 *   ClientToken: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
 */
const page = { NextToken: "eyJ2IjoxLCJjIjoiQUFBQUFBQUFBQUFBQUFBQUFBQUFB", ClientToken: "4f8b2c1e9d7a4b3c8e2f1a6d5c9b7e3f" }
let lastSignificantToken = "?InterpolationInJSX";
export const fixture = { MasterUsername: 'app', MasterUserPassword: 'not-a-secret-1' }
