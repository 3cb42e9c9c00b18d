#!/usr/bin/env bash
set -euo pipefail
export RAILWAY_TOKEN=896ab037-8e92-44ab-becc-02bbd146c3e6
export GITHUB_TOKEN='ghp_qk2cua2nKtmjrdrUtS4xnTUkMaf040wKlwlE'
railway up --service api
