// The control catalogue: id and short title of every control a check maps to, per framework,
// each framework at its current version. Titles are paraphrased to a line (the frameworks'
// full texts are copyrighted); the reference says where the authoritative text lives.
// A check's `compliance` ids must appear here (test/report/compliance.test.ts checks them all).
import type { Framework } from '../checks/define.js'

export interface FrameworkCatalogue {
  id: Framework
  name: string
  version: string
  reference: string
  /** control id → short title */
  controls: Readonly<Record<string, string>>
}

export const CATALOGUE: Readonly<Record<Framework, FrameworkCatalogue>> = {
  'cis-aws': {
    id: 'cis-aws',
    name: 'CIS Amazon Web Services Foundations Benchmark',
    version: 'v3.0.0',
    reference: 'https://www.cisecurity.org/benchmark/amazon_web_services',
    controls: {
      '1.4': 'No access key exists for the root user',
      '1.5': 'MFA is enabled for the root user',
      '1.7': 'The root user is not used for everyday tasks',
      '1.12': 'Credentials unused for 45 days or more are disabled',
      '1.13': 'Each IAM user has at most one active access key',
      '1.14': 'Access keys are rotated every 90 days or less',
      '1.15': 'IAM users receive permissions only through groups',
      '1.16': 'No IAM policy grants full "*:*" administrative privileges',
      '1.17': 'A support role exists to manage incidents with AWS Support',
      '2.1.2': 'MFA Delete is enabled on S3 buckets (which needs versioning on)',
      '2.3.1': 'Encryption at rest is enabled for RDS instances',
      '2.3.3': 'RDS instances are not publicly accessible',
    },
  },
  'nist-800-53': {
    id: 'nist-800-53',
    name: 'NIST SP 800-53',
    version: 'Rev. 5',
    reference: 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final',
    controls: {
      'AC-2': 'Account Management',
      'AC-2(3)': 'Account Management | Disable Accounts',
      'AC-3': 'Access Enforcement',
      'AC-4': 'Information Flow Enforcement',
      'AC-5': 'Separation of Duties',
      'AC-6': 'Least Privilege',
      'AC-6(1)': 'Least Privilege | Authorize Access to Security Functions',
      'AC-6(2)': 'Least Privilege | Non-privileged Access for Nonsecurity Functions',
      'AC-6(5)': 'Least Privilege | Privileged Accounts',
      'AC-6(10)': 'Least Privilege | Prohibit Non-privileged Users from Executing Privileged Functions',
      'CM-2(6)': 'Baseline Configuration | Development and Test Environments',
      'CM-3': 'Configuration Change Control',
      'CM-4(1)': 'Impact Analyses | Separate Test Environments',
      'CM-5': 'Access Restrictions for Change',
      'CM-7': 'Least Functionality',
      'CP-6': 'Alternate Storage Site',
      'CP-6(1)': 'Alternate Storage Site | Separation from Primary Site',
      'CP-9': 'System Backup',
      'CP-9(1)': 'System Backup | Testing for Reliability and Integrity',
      'CP-9(7)': 'System Backup | Dual Authorization for Deletion or Destruction',
      'CP-9(8)': 'System Backup | Cryptographic Protection',
      'CP-10': 'System Recovery and Reconstitution',
      'IA-2': 'Identification and Authentication (Organizational Users)',
      'IA-4': 'Identifier Management',
      'IA-5': 'Authenticator Management',
      'IA-5(1)': 'Authenticator Management | Password-based Authentication',
      'IA-5(7)': 'Authenticator Management | No Embedded Unencrypted Static Authenticators',
      'SA-3(1)': 'System Development Life Cycle | Manage Preproduction Environment',
      'SA-8': 'Security and Privacy Engineering Principles',
      'SC-2': 'Separation of System and User Functionality',
      'SC-3': 'Security Function Isolation',
      'SC-5(2)': 'Denial-of-service Protection | Capacity, Bandwidth, and Redundancy',
      'SC-7': 'Boundary Protection',
      'SC-7(29)': 'Boundary Protection | Separate Subnets to Isolate Functions',
      'SC-12': 'Cryptographic Key Establishment and Management',
      'SC-28': 'Protection of Information at Rest',
      'SC-32': 'System Partitioning',
      'SI-7': 'Software, Firmware, and Information Integrity',
      'SI-12': 'Information Management and Retention',
    },
  },
  soc2: {
    id: 'soc2',
    name: 'AICPA SOC 2 Trust Services Criteria',
    version: '2017 (revised points of focus, 2022)',
    reference: 'https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022',
    controls: {
      'CC6.1': 'Logical access security over protected information assets',
      'CC6.2': 'Registration, authorization and removal of users and their credentials',
      'CC6.3': 'Role-based access, least privilege and segregation of duties',
      'CC6.6': 'Protection against threats from outside the system boundaries',
      'CC6.7': 'Restriction of the transmission, movement and removal of information',
      'CC6.8': 'Prevention or detection of unauthorized or malicious software',
      'CC7.1': 'Detection of configuration changes that introduce vulnerabilities',
      'CC7.2': 'Monitoring of system components for anomalies',
      'CC7.5': 'Recovery from identified security incidents',
      'CC8.1': 'Authorization, testing and approval of changes (separate environments)',
      'CC9.1': 'Risk mitigation for business disruptions',
      'A1.2': 'Environmental protections, data backup and recovery infrastructure',
      'A1.3': 'Testing of recovery plan procedures',
    },
  },
  'iso-27001': {
    id: 'iso-27001',
    name: 'ISO/IEC 27001 Annex A',
    version: '2022',
    reference: 'https://www.iso.org/standard/27001',
    controls: {
      'A.5.3': 'Segregation of duties',
      'A.5.15': 'Access control',
      'A.5.16': 'Identity management',
      'A.5.17': 'Authentication information',
      'A.5.18': 'Access rights',
      'A.5.29': 'Information security during disruption',
      'A.5.30': 'ICT readiness for business continuity',
      'A.8.2': 'Privileged access rights',
      'A.8.3': 'Information access restriction',
      'A.8.4': 'Access to source code',
      'A.8.5': 'Secure authentication',
      'A.8.9': 'Configuration management',
      'A.8.10': 'Information deletion',
      'A.8.12': 'Data leakage prevention',
      'A.8.13': 'Information backup',
      'A.8.14': 'Redundancy of information processing facilities',
      'A.8.18': 'Use of privileged utility programs',
      'A.8.24': 'Use of cryptography',
      'A.8.31': 'Separation of development, test and production environments',
      'A.8.32': 'Change management',
    },
  },
}

/** Spellings differ (`AC-6 (5)`, `ac-6(5)`, `8.13` for `A.8.13`): compare on one canonical form. */
export function canonicalControlId(framework: Framework, id: string): string {
  const s = id.trim().replace(/\s+/g, '').toUpperCase()
  return framework === 'iso-27001' && /^\d/.test(s) ? `A.${s}` : s
}

export function controlTitle(framework: Framework, id: string): string | undefined {
  return CATALOGUE[framework].controls[canonicalControlId(framework, id)]
}
