#!/bin/sh
export API_TOKEN="$API_TOKEN"
export DB_PASSWORD=${DB_PASSWORD:?set DB_PASSWORD}
export SECRET_KEY=$(aws ssm get-parameter --name /prod/secret-key --with-decryption --query Parameter.Value --output text)
TOKEN_URL=https://auth.acme.test/oauth/token
export RAILWAY_TOKEN="${RAILWAY_TOKEN}"
curl -H "Authorization: Bearer $API_TOKEN" https://api.acme.test
