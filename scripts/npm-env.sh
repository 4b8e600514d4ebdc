# Sourced before npm runs. npm trusts Node's own CA list; a machine whose TLS goes through a
# local CA (a proxy) lists it in the system bundle, which Node then reads too.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
