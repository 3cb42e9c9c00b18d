#!/usr/bin/env python3
"""Deterministic generator of a multi-account organization snapshot (bulkhead snapshot format v1).

Each account's IAM is `gen_authz.py`'s realistic risk mix (its cross-account trusts and
sts:AssumeRole grants point at the other accounts of this organization), plus named roles that
those grants name (deployer, admin, readonly) trusting other accounts. Prod and staging accounts
hold RDS instances with automated backups, manual snapshots and AWS Backup recovery points in
vaults (some locked, some with a Deny access policy), as the AWS CLI prints them. Record shapes
are taken from the demo estate (fixtures/estates/shared-blast-radius), so they stay what the
snapshot reader accepts.

Usage:
  gen_org.py --accounts 10 --roles 1000 --seed 1 -o DIR
"""
from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_authz  # noqa: E402  (the same directory)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(ROOT, "fixtures", "estates", "shared-blast-radius", "111111111111")
COLLECTED = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)
ENVS = ["prod", "staging", "prod", "dev", "prod", "staging", "shared", "prod", "dev", "staging"]
REGION = "us-east-1"


def demo(path):
    with open(os.path.join(DEMO, path), encoding="utf-8") as f:
        return json.load(f)


def iso(d):
    return d.isoformat()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=4, ensure_ascii=False)
        f.write("\n")


def account_ids(n):
    return [f"{100000000000 + 111111111 * (i + 1):012d}" for i in range(n)]


def named_roles(acct, others, env):
    """The roles gen_authz's sts:AssumeRole grants name in other accounts: a deployer trusting the
    other accounts' CI roles, an admin trusting one account's break-glass role behind MFA, a
    readonly role trusting the other accounts' roots."""
    def trust(who, condition=None):
        st = {"Effect": "Allow", "Principal": {"AWS": who}, "Action": "sts:AssumeRole"}
        if condition:
            st["Condition"] = condition
        return {"Version": "2012-10-17", "Statement": [st]}
    roles = []
    for name, policy, doc in [
        ("deployer", "PowerUserAccess", trust([f"arn:aws:iam::{a}:role/deployer-ci" for a in others[:2]])),
        ("admin", "AdministratorAccess", trust([f"arn:aws:iam::{others[-1]}:role/break-glass"], {"Bool": {"aws:MultiFactorAuthPresent": "true"}})),
        ("readonly", "ReadOnlyAccess", trust([f"arn:aws:iam::{a}:root" for a in others])),
    ]:
        roles.append({
            "Path": "/", "RoleName": name, "RoleId": f"AROA{acct}{name.upper()[:5]}", "Arn": f"arn:aws:iam::{acct}:role/{name}",
            "CreateDate": "2024-01-01T00:00:00+00:00", "AssumeRolePolicyDocument": doc, "InstanceProfileList": [],
            "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": policy, "PolicyArn": f"arn:aws:iam::aws:policy/{policy}"}],
            "Tags": [{"Key": "Environment", "Value": env}], "RoleLastUsed": {},
        })
    return roles


def ci_role(acct, env):
    """The CI role of an account: deploys by assuming the deployer role of every account."""
    return {
        "Path": "/", "RoleName": "deployer-ci", "RoleId": f"AROA{acct}CIROLE", "Arn": f"arn:aws:iam::{acct}:role/deployer-ci",
        "CreateDate": "2024-01-01T00:00:00+00:00", "InstanceProfileList": [], "AttachedManagedPolicies": [],
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Federated": f"arn:aws:iam::{acct}:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:example-org/*:*"}}}]},
        "RolePolicyList": [{"PolicyName": "assume-deployers", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/deployer"}]}}],
        "Tags": [{"Key": "Environment", "Value": env}], "RoleLastUsed": {},
    }


def iam(acct, others, env, roles, seed):
    # gen_authz's own cross-account trusts and grants stay pointed at accounts outside the
    # organization (its defaults); the organization's accounts are linked by the named roles
    gen_authz.ACCOUNT = acct
    data = gen_authz.build(roles, roles // 5, roles // 2, seed)
    data["RoleDetailList"] += named_roles(acct, others, env) + [ci_role(acct, env)]
    have = {p["Arn"] for p in data["Policies"]}
    for name in ("PowerUserAccess", "AdministratorAccess", "ReadOnlyAccess"):
        arn = f"arn:aws:iam::aws:policy/{name}"
        if arn not in have:
            path, doc = gen_authz.AWS_MANAGED[name]
            data["Policies"].append({"PolicyName": name, "PolicyId": f"ANPA{name.upper()[:17]}", "Arn": arn, "Path": path,
                                     "DefaultVersionId": "v1", "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0,
                                     "IsAttachable": True, "CreateDate": "2019-03-01T00:00:00+00:00", "UpdateDate": "2019-03-01T00:00:00+00:00",
                                     "PolicyVersionList": [{"Document": doc, "VersionId": "v1", "IsDefaultVersion": True,
                                                            "CreateDate": "2019-03-01T00:00:00+00:00"}]})
    return data


def credential_report(acct, users):
    header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
    rows = [header, f"<root_account>,arn:aws:iam::{acct}:root,2022-10-19T00:00:00+00:00,not_supported,2026-10-17T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"]
    for u in users:
        rows.append(f"{u['UserName']},{u['Arn']},{u['CreateDate']},false,N/A,N/A,N/A,false,true,2026-06-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
    return {"Content": base64.b64encode("\n".join(rows).encode()).decode(), "ReportFormat": "text/csv", "GeneratedTime": "2026-11-26T23:48:00+00:00"}


def data_files(g, acct, env, out):
    """RDS instances, their snapshots and AWS Backup recovery points in one region."""
    base = os.path.join(out, acct, REGION)
    db_t = demo(f"{REGION}/rds-describe-db-instances.json")["DBInstances"][0]
    snap_t = demo(f"{REGION}/rds-describe-db-snapshots.json")["DBSnapshots"][0]
    vault_t = demo(f"{REGION}/backup-list-backup-vaults.json")["BackupVaultList"][1]
    rp_t = demo(f"{REGION}/backup-list-recovery-points-by-backup-vault--prod-vault.json")["RecoveryPoints"][0]
    dbs, snaps = [], []
    n_dbs = {"prod": 5, "staging": 3}.get(env, 0)
    for i in range(n_dbs):
        name = f"{g.r.choice(gen_authz.TEAMS)}-{env}-db-{i}"
        db = copy.deepcopy(db_t)
        db.update({"DBInstanceIdentifier": name, "DBInstanceArn": f"arn:aws:rds:{REGION}:{acct}:db:{name}",
                   "DbiResourceId": f"db-{acct}{i:04d}{env.upper()}", "DeletionProtection": g.chance(0.4),
                   "BackupRetentionPeriod": g.r.choice([1, 7, 14, 35]),
                   "TagList": [{"Key": "Environment", "Value": env}, {"Key": "Service", "Value": name}]})
        db.pop("DBClusterIdentifier", None)
        db.pop("MasterUserSecret", None)
        dbs.append(db)
        for k in range(g.r.randint(1, 3)):
            s = copy.deepcopy(snap_t)
            manual = k > 0
            sid = f"{name}-manual-{k}" if manual else f"rds:{name}-2026-11-26-06-40"
            s.update({"DBSnapshotIdentifier": sid, "DBInstanceIdentifier": name, "SnapshotType": "manual" if manual else "automated",
                      "DBSnapshotArn": f"arn:aws:rds:{REGION}:{acct}:snapshot:{sid}", "DbiResourceId": db["DbiResourceId"],
                      "SnapshotCreateTime": iso(COLLECTED - dt.timedelta(days=g.r.randint(1, 60))), "TagList": db["TagList"]})
            snaps.append(s)
    write(os.path.join(base, "rds-describe-db-instances.json"), {"DBInstances": dbs})
    write(os.path.join(base, "rds-describe-db-snapshots.json"), {"DBSnapshots": snaps})
    write(os.path.join(base, "rds-describe-db-clusters.json"), {"DBClusters": []})
    write(os.path.join(base, "rds-describe-db-cluster-snapshots.json"), {"DBClusterSnapshots": []})
    write(os.path.join(base, "rds-describe-db-instance-automated-backups.json"), {"DBInstanceAutomatedBackups": []})
    vaults = []
    for vname in ([f"{env}-vault", f"{env}-vault-locked"] if dbs else []):
        v = copy.deepcopy(vault_t)
        v.update({"BackupVaultName": vname, "BackupVaultArn": f"arn:aws:backup:{REGION}:{acct}:backup-vault:{vname}", "Locked": vname.endswith("locked")})
        if v["Locked"]:
            v["LockDate"] = "2026-01-01T00:00:00+00:00" if g.chance(0.5) else "2027-06-01T00:00:00+00:00"
        rps = []
        for db in dbs:
            for k in range(g.r.randint(0, 4)):
                rp = copy.deepcopy(rp_t)
                rp.update({"RecoveryPointArn": f"arn:aws:rds:{REGION}:{acct}:snapshot:awsbackup:job-{g.r.getrandbits(64):016x}",
                           "BackupVaultName": vname, "BackupVaultArn": v["BackupVaultArn"], "ResourceArn": db["DBInstanceArn"],
                           "CreationDate": iso(COLLECTED - dt.timedelta(days=g.r.randint(1, 90))),
                           "CompletionDate": iso(COLLECTED - dt.timedelta(days=g.r.randint(0, 1)))})
                rp.pop("CreatedBy", None)
                rps.append(rp)
        v["NumberOfRecoveryPoints"] = len(rps)
        write(os.path.join(base, f"backup-list-recovery-points-by-backup-vault--{vname}.json"), {"RecoveryPoints": rps})
        if g.chance(0.5):
            policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "backup:DeleteRecoveryPoint", "Resource": "*",
                                                              "Condition": {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::{acct}:role/break-glass-*"}}}]}
            write(os.path.join(base, f"backup-get-backup-vault-access-policy--{vname}.json"),
                  {"BackupVaultName": vname, "BackupVaultArn": v["BackupVaultArn"], "Policy": json.dumps(policy)})
        vaults.append(v)
    write(os.path.join(base, "backup-list-backup-vaults.json"), {"BackupVaultList": vaults})
    write(os.path.join(base, "backup-list-backup-plans.json"), {"BackupPlansList": []})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=10)
    ap.add_argument("--roles", type=int, default=1000, help="roles per account")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args(argv)
    ids = account_ids(a.accounts)
    envs = [ENVS[i % len(ENVS)] for i in range(a.accounts)]
    manifest = {"formatVersion": 1, "collectedAt": iso(COLLECTED).replace("+00:00", "Z"), "accounts": []}
    for i, (acct, env) in enumerate(zip(ids, envs)):
        g = gen_authz.Gen(a.seed * 1000 + i)
        others = [x for x in ids if x != acct]
        g.r.shuffle(others)
        data = iam(acct, others[:3], env, a.roles, a.seed * 1000 + i)
        write(os.path.join(a.output, acct, "global", "iam-get-account-authorization-details.json"), data)
        write(os.path.join(a.output, acct, "global", "iam-get-credential-report.json"), credential_report(acct, data["UserDetailList"]))
        data_files(g, acct, env, a.output)
        manifest["accounts"].append({"id": acct, "name": f"acme-{env}-{i}", "environment": env if env != "shared" else "unknown", "regions": [REGION]})
    write(os.path.join(a.output, "snapshot.json"), manifest)


if __name__ == "__main__":
    main()
