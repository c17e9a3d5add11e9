#!/usr/bin/env bash
# Hand-run proof of veilorqa/registry on loopback: plain HTTP, TLS with a generated CA, and htpasswd
# auth over TLS; each variant gets a skopeo push (of the registry image itself, from the docker
# daemon) and a pull back by digest. Containers are named veilorqa-regprove-<pid>-* and removed.
# Usage: dev/prove.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ref="$("$here/../build.sh" | tail -n 1)"
run="veilorqa-regprove-$$"
tmp="$(mktemp -d "/tmp/$run-XXXXXX")"
cleanup() { docker rm -f "$run-plain" "$run-tls" "$run-auth" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { # url, curl args...
  local url="$1"; shift
  for _ in $(seq 1 50); do curl -s -o /dev/null "$@" "$url" && return 0; sleep 0.2; done
  echo "prove.sh: $url never answered" >&2; return 1
}
src="docker-daemon:$ref"

# 1. plain HTTP
p=$(free_port)
docker run -d --name "$run-plain" -p "127.0.0.1:$p:5000" "$ref" >/dev/null
wait_up "http://127.0.0.1:$p/v2/"
skopeo copy -q --dest-tls-verify=false "$src" "docker://127.0.0.1:$p/veilorqa/probe:1"
digest=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://127.0.0.1:$p/veilorqa/probe:1")
skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$p/veilorqa/probe@$digest" "oci:$tmp/pulled:1"
echo "prove.sh: plain HTTP on 127.0.0.1:$p: pushed and pulled $digest"

# 2. TLS with a generated CA (the certificate names 127.0.0.1 and 10.0.2.2, the host as a
#    user-mode-networking guest sees it)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=veilorqa-test-ca \
  -keyout "$tmp/ca.key" -out "$tmp/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=veilorqa-registry -keyout "$tmp/tls.key" -out "$tmp/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,IP:10.0.2.2,DNS:localhost\n' > "$tmp/san.ext"
openssl x509 -req -in "$tmp/tls.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 2 \
  -extfile "$tmp/san.ext" -out "$tmp/tls.crt" 2>/dev/null
chmod 0644 "$tmp"/tls.key "$tmp"/tls.crt
mkdir -p "$tmp/certs.d"; cp "$tmp/ca.crt" "$tmp/certs.d/ca.crt"
p=$(free_port)
docker run -d --name "$run-tls" -p "127.0.0.1:$p:5000" -v "$tmp/tls.crt:/certs/tls.crt:ro" -v "$tmp/tls.key:/certs/tls.key:ro" \
  -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/tls.crt -e REGISTRY_HTTP_TLS_KEY=/certs/tls.key "$ref" >/dev/null
wait_up "https://127.0.0.1:$p/v2/" --cacert "$tmp/ca.crt"
if skopeo inspect "docker://127.0.0.1:$p/veilorqa/probe:1" >/dev/null 2>&1; then
  echo "prove.sh: TLS registry accepted a client without the CA" >&2; exit 1
fi
skopeo copy -q --dest-cert-dir "$tmp/certs.d" "$src" "docker://127.0.0.1:$p/veilorqa/probe:1"
skopeo copy -q --src-cert-dir "$tmp/certs.d" "docker://127.0.0.1:$p/veilorqa/probe:1" "oci:$tmp/pulled:2"
echo "prove.sh: TLS on 127.0.0.1:$p (generated CA): pushed and pulled"

# 3. htpasswd auth over TLS (bcrypt: the registry accepts nothing else)
pass="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
htpasswd -Bbn veilorqa "$pass" > "$tmp/htpasswd" 2>/dev/null; chmod 0644 "$tmp/htpasswd"
p=$(free_port)
docker run -d --name "$run-auth" -p "127.0.0.1:$p:5000" -v "$tmp/tls.crt:/certs/tls.crt:ro" -v "$tmp/tls.key:/certs/tls.key:ro" \
  -v "$tmp/htpasswd:/auth/htpasswd:ro" -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/tls.crt -e REGISTRY_HTTP_TLS_KEY=/certs/tls.key \
  -e REGISTRY_AUTH=htpasswd -e REGISTRY_AUTH_HTPASSWD_REALM=veilorqa -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd "$ref" >/dev/null
wait_up "https://127.0.0.1:$p/v2/" --cacert "$tmp/ca.crt"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$tmp/ca.crt" "https://127.0.0.1:$p/v2/")
[ "$code" = 401 ] || { echo "prove.sh: auth registry answered $code without credentials (want 401)" >&2; exit 1; }
if skopeo copy -q --dest-cert-dir "$tmp/certs.d" "$src" "docker://127.0.0.1:$p/veilorqa/probe:1" 2>/dev/null; then
  echo "prove.sh: auth registry accepted a push without credentials" >&2; exit 1
fi
skopeo copy -q --dest-cert-dir "$tmp/certs.d" --dest-creds "veilorqa:$pass" "$src" "docker://127.0.0.1:$p/veilorqa/probe:1"
skopeo copy -q --src-cert-dir "$tmp/certs.d" --src-creds "veilorqa:$pass" "docker://127.0.0.1:$p/veilorqa/probe:1" "oci:$tmp/pulled:3"
echo "prove.sh: htpasswd auth over TLS on 127.0.0.1:$p: 401 without credentials, push + pull with them"
echo "prove.sh: all three variants passed ($ref)"
