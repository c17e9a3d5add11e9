# Builds a crypto-agile TCG2 event log shaped like OVMF's PCR 7 measurements (Secure Boot on).
import hashlib, struct, uuid, sys
def guid(s): return uuid.UUID(s).bytes_le
EFI_GLOBAL = guid('8be4df61-93ca-11d2-aa0d-00e098032b8c')
IMAGE_SEC = guid('d719b2cb-3d3a-4596-a3bc-dad00e67656f')
def var(g, name, data):
    n = name.encode('utf-16-le')
    return g + struct.pack('<QQ', len(name), len(data)) + n + data
def ev2(pcr, etype, data):
    d1 = hashlib.sha1(data).digest(); d2 = hashlib.sha256(data).digest()
    return struct.pack('<IIIH', pcr, etype, 2, 0x0004) + d1 + struct.pack('<H', 0x000b) + d2 + struct.pack('<I', len(data)) + data, d2
specid = b'Spec ID Event03\0' + struct.pack('<IBBBB', 0, 0, 2, 0, 2) + struct.pack('<I', 2) + struct.pack('<HH', 4, 20) + struct.pack('<HH', 0xb, 32) + b'\0'
out = struct.pack('<II', 0, 3) + b'\0' * 20 + struct.pack('<I', len(specid)) + specid
events = [
  (0, 0x00000008, b'\0\0'),  # EV_S_CRTM_VERSION
  (7, 0x80000001, var(EFI_GLOBAL, 'SecureBoot', b'\x01')),
  (7, 0x80000001, var(EFI_GLOBAL, 'PK', b'')),
  (7, 0x80000001, var(EFI_GLOBAL, 'KEK', b'')),
  (7, 0x80000001, var(IMAGE_SEC, 'db', b'')),
  (7, 0x80000001, var(IMAGE_SEC, 'dbx', b'')),
  (7, 0x00000004, b'\0\0\0\0'),  # EV_SEPARATOR
]
for pcr, t, data in events:
    e, d2 = ev2(pcr, t, data); out += e
    if pcr == 7: print(d2.hex())
open(sys.argv[1], 'wb').write(out)
