import { gunzipSync } from 'node:zlib';

/**
 * Small HDF5 files written by h5py 3.7.0 (HDF5 1.10.8), gzip -9n then base64, made with this script:
 *
 * ```python
 * import h5py, numpy as np, json
 * cfg = json.dumps({'class_name': 'Sequential', 'config': {'name': 's', 'layers': [{'class_name': 'Dense', 'config': {'units': 1}}]}})
 * with h5py.File('fixed.h5', 'w') as f:  # superblock v0, object header v1, fixed-length strings
 *     f.attrs['model_config'] = np.bytes_(cfg.encode())
 *     f.attrs['keras_version'] = np.bytes_(b'2.4.0')
 * with h5py.File('default.h5', 'w') as f:  # h5py defaults: variable-length strings in the global heap
 *     f.attrs['model_config'] = cfg
 *     f.attrs['keras_version'] = '2.11.0'
 *     f.attrs['backend'] = 'tensorflow'
 *     f.create_group('model_weights').attrs['layer_names'] = np.array([b'dense'])
 * with h5py.File('latest.h5', 'w', libver='latest') as f:  # superblock v3, object header v2, numbers
 *     f.attrs['model_config'] = cfg
 *     f.attrs['keras_version'] = '2.11.0'
 *     f.attrs['n'] = np.int64(42)
 *     f.attrs['x'] = 1.5
 * with h5py.File('dense.h5', 'w', libver='latest') as f:  # > 8 attributes: dense storage (fractal heap)
 *     for i in range(12):
 *         f.attrs['a%d' % i] = 'v%d' % i
 *     f.attrs['model_config'] = cfg
 * with h5py.File('huge.h5', 'w', libver='latest') as f:  # a 5 KB attribute: a "huge" heap object
 *     for i in range(9):
 *         f.attrs['a%d' % i] = np.int8(i)
 *     f.attrs['model_config'] = np.bytes_((cfg + ' ' * 5000).encode())
 * with h5py.File('indirect.h5', 'w', libver='latest') as f:  # heap indirect block, B-tree internal node
 *     for i in range(40):
 *         f.attrs['attr%03d' % i] = np.int8(i % 100)
 *     f.attrs['model_config'] = cfg
 * ```
 *
 * `cfg` is the JSON held by every model_config: SAMPLE_CONFIG below.
 */
export const SAMPLE_CONFIG =
  '{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"units": 1}}]}}';

const GZ_BASE64 = {
  fixed:
    'H4sIAAAAAAACA+v0cHHj5ZLiYgABDg4GFgYBBmTwHwokWFD5MPkEKM0IpTug9AommDgLWE4CKi4ANV+BGcL/ARUPCXJ1RTYf' +
    '3Z5RMLKBh6tjAIiOgPI5oPQJJlR1sHQYQCV7BaHpFT1d8zAsgNrHC3QLB0NufkpqTnxyfl5aZjpIXBjokCIk91QrJeckFhfH' +
    '5yXmpipZKSgFpxaWpuaVZCbmKOkoKEH0AcWrlWAKikHiOYmVqUXFQG40un6X1LziVDStpXmZJSDFhrW1sbW1MHcaQN3JB3Zn' +
    'dmpRYnF8GdDUzPw8qDtZkdxppGeiB9IBADsmgbEYBAAA',
  default:
    'H4sIAAAAAAACA+2YT0/CMBjGO/5lIaAYPYCnZWdDwKMnjKA7GCHiwcQYnFBgYWxxBYkhu+M38aP4Mfwm2HXtXBeMxnjS93dp' +
    '+rZ92nXv8x76bDRPi/n9PApQVZRBJRRnzTEqcl+M3/FW4e2Kty8pEc+ysTKPl7i+lpYXXl22WkFnnSA6CBdQEfAfMVrHnaC9' +
    'ltMBvabkeVN3gO3eAluj8YzE8rLxw313eL4m87qADJ6+RbRHszLct+86Q2sUxCuKwlaWojOokk+8WDIrkt4W05tgzyS9R+wR' +
    'y3W+oZeL6aWYXoOPq0zv3uxPsDP4Uicf00mzeHqjf99ysv9D/6LP/QuAf2P+FXV8lZPniTzs/NK+wr9GJuyPc8K/wh8FepYy' +
    'ss0n7PUcc4oJi+/Sg2SDcUWRziXaAXYI/gP/5eykfa4gXhCS9Ymy1Pu2SQi7Gf1I07v4YY6dmWXa+oGmh/WOxpe6mECCOLtN' +
    'Qrs3yfXN4N4SS+eONQsm133/1vc/alhU1yiH1Xq9WgtrUlSnKDOq53pD213I31XbBs8BAAAAAAAAAAAAgKB70W4q7JUwRMvI' +
    '7wDJdxNgM+9g1Oj6SBkAAA==',
  latest:
    'H4sIAAAAAAACA+3VwUrDQBAA0EkiNtREY1FQTzGCB5XSSE+CVrFoD0JFjyIh1FVC0w1mW1FK7uYH/RQRPNTdbGNCRfDoYR5s' +
    'yM7MThJymLTTPjOrG1VN1yE3mYI1uW9M4ydpWul22lfq5uFrpV9epqLWyidzVRUUgNUazP3MGUcAGpiwIpKD6I6EXi+i98ED' +
    'rCsKWLybWEr2ZB1Ufo3lbUbEjZbosCg79EnsM++JxCyI6K8t5kstxN7YEi1UMEQLCpaeZ4+z9M70y41dWZY96RmW7dZ3WXMB' +
    'mhNNdpM+Wm/bn++AEEII/V/np92LbEBaxVyFfNZyY6cX+ox51B8Q58B2rsnjiNBh4IfOnu3Igc3jYycvYCIe+i98EPPtzez5' +
    'NqGMzBwd0WAoit0kuU2SYjhDPrC5/brr1hvFe18u4b9DCCGEEEIIIYT+6gvRb7KMABgAAA==',
  dense:
    'H4sIAAAAAAACA+v0cHHj5ZLiYubgYICB/1DAIAPhG0DFP386dtHfwyWISdG2gz0bGX9iZBJC1gkDXEwMjAwMokIMLAwMdkwQ' +
    'Uy5AaYY9jAyjYOiCS7+WRLsFeQQwgBIOE4MAA0b6sYJG8DdYjLOg0VDAS6SNLEg6IUZrgGgJmNjiqWuanUI8XIAuAtooCBRJ' +
    '0fBghtkBs+Vj2qcNbsFAVQww9zEyoNII+wIYKoB2wGQ8WCHi0gyo9LSjpiJOIT5uQHtfgVSagIKAgWG3q7gIQxOSwHvxAGWG' +
    'OgaEwByv/6YMm5AE1mSW2jLIgYLLFCLAd6zEnSEYScC4ijWEwQtJyzT5KaEMUki2PD31o5ahA6TFDiLwgmV+A4MYkpbFexv2' +
    'MGxD0rKj+/wJhmdIKo5Lar9h8ENSsXXCyv9Bh9emjSZ7HMAtONgVntAZgSnrGJjdIir1cTRwRsGgBe7O/j7g0k0AtQyEFdll' +
    'Bqh8uLghhGZGFzdCLeLh4sYQmhVd3ARCs6GLm0JodnRxMwjNgS5uDqE50cUtIDQXurglhOZmQPVHmSHEwzwY4oYodVURlK5W' +
    'Ss5JLC6Oz0vMTVWyUlAKTi0sTc0ryUzMUdJRUErOz0vLTAeKVyvBFBSDxHMSK1OLioHcaHT9Lql5xaloWkvzMktAig1ra2Nr' +
    'a1Hjz4NvNA2PglEwCkbBKBgFo2AUjIJRMApGwSggDNw8XJzgQ/Ng4OCR68UM7PeKgPrwiQYMkoyM4MEBAfjoAHh4FdKT5kCM' +
    'GiD0GBKlhwlFjxFRephR9BgTpYcFRY8JUXpYUfSYEqWHDUWPGVF62FH0mBOlhwNFjwVRejhR9FgSpYcLrIcFFqe4EwIzkiZu' +
    'VE2GRGniAfN5IZpy81NSc+Ihox84dRch6eYdzcQUAAAI0mSBABwAAA==',
  huge:
    'H4sIAAAAAAACA+v0cHHj5ZLiYubgYICB/1AgowDhG0DFz9TN/ubv4RLEpGjbwZ6NjK0YmYSQdcIAFxMDIwODqBADCwNDGyPE' +
    'FAkmqHEsjAyjgIFhx8kbtW5BHgEMoAhgYhBgYICFywQWCP0UGmJ28JBDo6GAE0rLiEBoXOHLgqQTokYDSMvIwMQEFk+47xTi' +
    '4QJ0EdBGQaBIisYEqN1cQAgBzaWTvdyCgarg7mNkwG4vC0MAQwXQDpjMNjaIuDQDKt1mf2SZU4iPG9DehyC+LChBMTC8Fw9Q' +
    'BpqAEJjj9d+UIRdJYE1mqS2DMZLANPkpoQzLkQSenvpRK8AIT98MDC9Y5jcwiCGpWLy3YQ/DPySBHd3nTzB0IQkcl9R+w3AE' +
    'SWDrhJX/1WuMzoymYeoBcLpjBKU7CXC628YCS1Ow2Nv4NsEOnEoYGTiwp/f/jS4HRkNyOAO34GBXeHHICCx/pMFxv/FGze3R' +
    'wCEJMDPwArMRMJPl5qek5sQn5+elZaYzCAOD85cwqDpiYKhWSs5JLC6Oz0vMTVWyUlAKTi0sTc0ryUzMUdJRUIJoAIpXK8EU' +
    'FIPEcxIrU4uKgdxodP0uqXnFqWhaS/MyS0CKDWtrY2trFUbBKBgFo2AUjIJRMApGwSgYBaNgFIyCUTAKRsEoGAU0B24eLk7w' +
    'aTswMIyO+s/MwMzAAxoxTDRgEOCAjbqDp4pAw4kwSUMMSUaEpBGGJBNC0hhDkhkhaYIhyYKQNMWQZEVImmFIsiEkzTEk2RGS' +
    'FhiSHKMDx6Ng2AMA4QwVlhwgAAA=',
  indirect:
    'H4sIAAAAAAACA+2aXWxTZRjHn3PaQSnMla2dY+LYjmPMCbgPncOFhZRSiwEZdBcD0VlYNzZLJ+swCNSQ3TAMdirGREOqFxIy' +
    'BA1yQQMDFp1KNOK3XMDCVwiLF2SZW4wJouf0nEOf8zw3GG/UvP9sOT1Pf+d93v7f82+Xt9sT8PmznYVOm8MBpv40lFein1ca' +
    '9WWvzl65KuBbI5cs7pv6PP7dIMm5+EpTThkkAE8u2AE+lPRRlsjGcPMlELp7NRzbneVfE2gEbaFkcAFbr0Knft5mOmwyDuvx' +
    'wbvsaE//6NLXqlw9jhSblWsfL3jP2xTwqeOqHWeqldbylN181uxyqDfyoz+oUuA35mVOT2b9GmGb2sPslirQ63PBejx4tDrh' +
    'bVrhV/vWamMomgUA50cjADvtmUL927ky7EfE2Ss/yyDbMgVlcP80KEUFV//FIjiNLmm/9EIpDKFBR57bXQ75kCkkBm+Vw1VU' +
    'aO6tqIAkuiTP/etC8KMuvraBGijLyhQ8bWX10IzaVrj6fLAdFSYGLj8Jm9AYfSe+a4TLiOjcd30tJNE83rg0vB46UZe35G9a' +
    'YFzKFLaF2rsaD5xt/Q+mwdu0/Cl1/cvQq4nvad2eMu6pvNQU/YEnZ+j4EfHm8b+Tkf+92u3doK//qP3dXbAO5W7x6oO7YC+6' +
    'Q24OjyegDhHO3q/6YQhl5trt4SS8gmKWODR9AOoQ4fnAe1T/LDMK+beaU7AOEadeKzoDdkQkrnz9KQRQEL8fe/Ez+BYRS774' +
    '7QfoRAX5wOsX4DCax/mJwRvgRnH3fvLHKOxEbS/2bxmDq+jFjX/eMAH5qJAcWjQJAdRFCt6cBDua2E8fPfs7nENt17750O3h' +
    'MxMP/+vW/4mlq1ZI6DPO/Fui2zjuUDZGQrFYSzS0Oaw8XqwEw1u2hqM9HaGIMr9Y2dgVbetoV+s7FBOIafVI6KVwd0w9fZpe' +
    '7wtHY2Fy6dZoR48GV8Xjz8Tj1vltyhEZFRISEhISEhISEhISEhL6p/IHg8vubHRLLoAxW/pRrQxfahsaEHT31fsDPu+d7x3S' +
    'e9nJ92OTNnDADO0s1NPTXVm9CFwOc/8gvZEN91uJmkpGFBGiihFzCFHNiGJC1DCihBCPMEIhxKOMeIAQtYwoJcRjjJhLiDpG' +
    'lBGCezrPBtng1ojNXa3hSIu+jQKzJCm9g+MCK65t46Qc1q0dIaG/+SZhyb+mgpff2We9Vyt5uoEQPN0SIXi6ZULwdNsIwdNt' +
    'JwRPdxYheLqnEIKneyoheLodhODpnmYlqrinTkJwT6cTgns6gxDc02xCcE/vIQT3NIcQ3FMXIbinMwnBPc0lBPc0j3xOcU/d' +
    'hOCeegjBPc0nBPf0XkJwTwsIwT2dRQjuaSEhuKf3EYJ7OpvnfznJ/4jBjBhfLdN/WDj8S8XJvwCz3XW1EyEAAA==',
} as const;

/** The name of a sample file. */
export type Hdf5Sample = keyof typeof GZ_BASE64;

/** The bytes of a sample file (a fresh copy each call, so tests may mutate it). */
export function hdf5Sample(name: Hdf5Sample): Uint8Array {
  return new Uint8Array(gunzipSync(Buffer.from(GZ_BASE64[name], 'base64')));
}
