/**
 * Real compressed files, made with CPython 3.11's `lzma` and `bz2` modules (liblzma 5.4, libbzip2 1.0.8)
 * from SAMPLE, kept as base64 so tests need no files on disk. To regenerate:
 *   sample = b'mlsec test vector\n' * 20 + bytes(range(256)) + b'the end\n'
 *   lzma.compress(sample)                                   # xzCrc64 (check=CRC32/SHA256/NONE for the others)
 *   lzma.compress(sample[:100]) + b'\0'*4 + lzma.compress(sample[100:])      # xzTwoStreams
 *   lzma.compress(sample, filters=[{'id': lzma.FILTER_LZMA2, 'lc': 1, 'lp': 3, 'pb': 4}])   # xzProps
 *   lzma.compress(sample, format=lzma.FORMAT_ALONE)         # lzmaAlone (lc=0 lp=2 pb=0: lzmaAloneProps)
 *   bz2.compress(sample); bz2.compress(sample[:100]) + bz2.compress(sample[100:])
 *   lzma.compress(b'\0' * (8 << 20)) and FORMAT_ALONE; bz2.compress(b'\0' * (8 << 20))   # *Zeros8M
 *   lzma.compress(sample, filters=[{'id': lzma.FILTER_DELTA, 'dist': 1}, {'id': lzma.FILTER_LZMA2}])
 */
function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** The plain text every vector (except the *Zeros8M ones) decodes to. */
export const SAMPLE: Uint8Array = (() => {
  const head = Buffer.from('mlsec test vector\n'.repeat(20));
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  return new Uint8Array(Buffer.concat([head, bytes, Buffer.from('the end\n')]));
})();

export const VECTORS = {
  xzCrc64: fromBase64(
    '/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4AJvAQZdADabCszmgvS1u8cPexgClhZvPw7lSCGX0qsG17SgC7F5weR7DgnD' +
      'r0EHomi1yWh8k8tGT0qXQ/ACfOHwemfRPTExFbqw3eNNRpo/V3EbGaqmJjV/6hD1h52/R8ppnH1yufeSzi5Alr32rg20' +
      'RSa8o69sQZ0F/jSfm8I0zCXKaOeVITF35w9wjpCSO3JSDU3pzS8N1gb6hNETenoSW9/ptzWZ2OYSfr7Wtbfamd7wYeEd' +
      'Pq6npOastUdKnEam8LRUXOTGLoWBDVPCNcuL8vViKKvJsFM6xgeOwnLdKb8EndG9OlBORg1T35wndFHN1K81iifmDqnV' +
      'Ub9cyjINFvCZEJdgf+HnQKAAAACuGgF3HYYJCgABogLwBAAAI4kubLHEZ/sCAAAAAARZWg==',
  ),
  xzCrc32: fromBase64(
    '/Td6WFoAAAFpIt42AgAhARYAAAB0L+Wj4AJvAQZdADabCszmgvS1u8cPexgClhZvPw7lSCGX0qsG17SgC7F5weR7DgnD' +
      'r0EHomi1yWh8k8tGT0qXQ/ACfOHwemfRPTExFbqw3eNNRpo/V3EbGaqmJjV/6hD1h52/R8ppnH1yufeSzi5Alr32rg20' +
      'RSa8o69sQZ0F/jSfm8I0zCXKaOeVITF35w9wjpCSO3JSDU3pzS8N1gb6hNETenoSW9/ptzWZ2OYSfr7Wtbfamd7wYeEd' +
      'Pq6npOastUdKnEam8LRUXOTGLoWBDVPCNcuL8vViKKvJsFM6xgeOwnLdKb8EndG9OlBORg1T35wndFHN1K81iifmDqnV' +
      'Ub9cyjINFvCZEJdgf+HnQKAAAACoZazbAAGeAvAEAAD1TpYfPjANiwIAAAAAAVla',
  ),
  xzSha256: fromBase64(
    '/Td6WFoAAArh+wyhAgAhARYAAAB0L+Wj4AJvAQZdADabCszmgvS1u8cPexgClhZvPw7lSCGX0qsG17SgC7F5weR7DgnD' +
      'r0EHomi1yWh8k8tGT0qXQ/ACfOHwemfRPTExFbqw3eNNRpo/V3EbGaqmJjV/6hD1h52/R8ppnH1yufeSzi5Alr32rg20' +
      'RSa8o69sQZ0F/jSfm8I0zCXKaOeVITF35w9wjpCSO3JSDU3pzS8N1gb6hNETenoSW9/ptzWZ2OYSfr7Wtbfamd7wYeEd' +
      'Pq6npOastUdKnEam8LRUXOTGLoWBDVPCNcuL8vViKKvJsFM6xgeOwnLdKb8EndG9OlBORg1T35wndFHN1K81iifmDqnV' +
      'Ub9cyjINFvCZEJdgf+HnQKAAAACPmm8Ki+nA/EAY8/uU0mN86HdNotmf0yn54Hyy1RmqvAABugLwBAAA1Qmrg7bp3xwC' +
      'AAAAAApZWg==',
  ),
  xzNoCheck: fromBase64(
    '/Td6WFoAAAD/EtlBAgAhARYAAAB0L+Wj4AJvAQZdADabCszmgvS1u8cPexgClhZvPw7lSCGX0qsG17SgC7F5weR7DgnD' +
      'r0EHomi1yWh8k8tGT0qXQ/ACfOHwemfRPTExFbqw3eNNRpo/V3EbGaqmJjV/6hD1h52/R8ppnH1yufeSzi5Alr32rg20' +
      'RSa8o69sQZ0F/jSfm8I0zCXKaOeVITF35w9wjpCSO3JSDU3pzS8N1gb6hNETenoSW9/ptzWZ2OYSfr7Wtbfamd7wYeEd' +
      'Pq6npOastUdKnEam8LRUXOTGLoWBDVPCNcuL8vViKKvJsFM6xgeOwnLdKb8EndG9OlBORg1T35wndFHN1K81iifmDqnV' +
      'Ub9cyjINFvCZEJdgf+HnQKAAAAAAAZoC8AQAAOMMB4SoAAr8AgAAAAAAWVo=',
  ),
  xzTwoStreams: fromBase64(
    '/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4ABjABldADabCszmgvS1u8cPexgClhZvPw7c1CDwgAAAAAAAmE+ubBCXzbsA' +
      'ATVk3NJoyB+2830BAAAAAARZWgAAAAD9N3pYWgAABObWtEYCACEBFgAAAHQv5aPgAgsBBF0AEB2IpkktxWFvFjyy8Sqn' +
      'iGAODWpWIx6CRHx93xuacvKjqa/tw+5yWR7K+s3F65S4as+4cwC8CAoaekf3ZG9gYa9alxEqRjF+CRpMOCGWLiXh5oIG' +
      'sdAaFTIg9lFb2/ur24PxxivIluheTi4Uj8CLVr//QOWoM6pSVqDvciQ7aZtRUw7jRXlC1nG40F870IhX2xIEFUR37Z/c' +
      'ZXGgk0ucrF76eiRsfhUKwIi6RanYy3ctEwGpc3pZleaLWuCEcXhr0vAyX6CMWRfNxA3j9zcua2n3b0uXiqByuU/Y3DRd' +
      'fPXldBkwxuULMrvt2xT5M7jFqsL/tUBkTwFSea5+LKlAacrerUAAd7dXB4m79DUAAaACjAQAAAw3DwCxxGf7AgAAAAAE' +
      'WVo=',
  ),
  xzProps: fromBase64(
    '/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4AJvATTQADabCmZTGIDoZTs3xhQTlCGcUvt8u69AvkzgRf33bEIE49i3+Yvc' +
      'oBMQSmHz9oD+ngeG6kbgOgAJ15g4gl7KWLLQ/R0YyGADjzRTFrVi1ckdSTi0Y2Y2a0x5QjBZkRY4C8AJfP+CaqyQV3vn' +
      'nYCiBFCstH4jUi1cR0wwC8VRNZ3nEuDNSztztzlYR1c6XoFnmngkvhjLFQ4e8Z2jvaFghfv7H+OD/Uh74HF3nj/8K48Z' +
      'WaE5fwMEfPiBC12eT5OnJk63K+9cRZ7Iy1ZdfPoTW0h3LXhIBAEOYqMh9XaxeJzT3wXT9MGeGm7oaixrhRZ4Uoi2W/Lb' +
      'tUjOq+WaA+pHZBupw2g1A9gpAVj2ehf470QYJ9NjNomnJo38Qs3iV3G6QsKYtxKaVcD4mjMVuxuCCk4MvezJAK4aAXcd' +
      'hgkKAAHQAvAEAADpJcQqscRn+wIAAAAABFla',
  ),
  lzmaAlone: fromBase64(
    'XQAAgAD//////////wA2mwrM5oL0tbvHD3sYApYWbz8O5Ughl9KrBte0oAuxecHkew4Jw69BB6JotclofJPLRk9Kl0Pw' +
      'Anzh8Hpn0T0xMRW6sN3jTUaaP1dxGxmqpiY1f+oQ9Yedv0fKaZx9crn3ks4uQJa99q4NtEUmvKOvbEGdBf40n5vCNMwl' +
      'ymjnlSExd+cPcI6QkjtyUg1N6c0vDdYG+oTRE3p6Elvf6bc1mdjmEn6+1rW32pne8GHhHT6up6TmrLVHSpxGpvC0VFzk' +
      'xi6FgQ1TwjXLi/L1YiirybBTOsYHjsJy3Sm/BJ3RvTpQTkYNU9+cJ3RRzdSvNYon5g6p1VG/XMoyDRbwmRCXYH/jGGuO' +
      '3//zzTwA',
  ),
  lzmaAloneProps: fromBase64(
    'EgAAgAD//////////wA2m+PEBrRdBAS9i7m5bbd/vrtUsviSB0uVwhPBPeRr8ZJ8AZ3a9jjFueF8POJdG/nOZFcB5Hpv' +
      'EfFTx0pltP86TlLBSBTC0LmsiNqI9Mm8Vb3M0pCMK+L3577L/H0ZWbrAqjZebPPUszrOxRdR49jaqW4Yo3W6g8ZXC9kC' +
      'N1rVkmoT4MHzEsrELP3KjUpJG/HhHzS1xgpYAVYf6hTZJINRjI/WFmRRT3MJSZeznh+Yck4pvIoNjpzJM0UDk44n7NIG' +
      'LHnziEfHtRRUOVrWHVZxKuUaGjoM8zmZgZoeCRq8/lyvIol9IhhdBMFtzR9epBbWDXPkGiLR1I2fr3YuYaYd0HbDSove' +
      '33gSXt1P7z1ittNZ855VMZDLK52yPcWlsBxBGyibf/9A4AAA',
  ),
  bzip2: fromBase64(
    'QlpoOTFBWSZTWR3fyScAAJ1/////////////////////////////////////////////sAEa2sJMABMAATAAAAAAAAAA' +
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAiVExGAjAATJpgAAACMRiMAAAAjAAjAAmTIyYmAATCaYACYTATAAJkwEaYI0ZBgTT' +
      'QwESiDJqaZoIZGJkYJoyaYjTExMmAATTRkYRpmgTBohkwAJk0xMTABMEyMTAJkwAjTAABGmEwJoZGjBGAgMGlBSVFY4e' +
      'WE+AMEIAaC3glxeRMDEyM+Fw+IaGvF4xsbnHHOTokSABA6AAv4REZISkxOUFJUVlhaXF5gYmRmaGpsbnBydHZ4enx+gI' +
      'KEhoiKjI6QkpSWmJqcnqCipL7AwsTGyMrMztDS1NbY2t3eUQAQd8YABA79ty8AAIHsAEDSqdwAEHScxrcPb3BxJgAgJA' +
      'AgJkCgiQABA5ugwAEHfHAAgHAAgbTIAEBgACDmJwAQdAeGgAQPhQ+vz/AQMFBwkLDeKHiPHExXk8sXGeaNjo/zyEjJSc' +
      'pKykrLS8xMzU3OTs9P0FDRUdJS01PUVNVV1lbXV9hY2VnaWttb3FzdXd5e31/gYOFh4mLjY+Rk5WXmZudn6Gjpaepq62' +
      'vsbO1t7m7vb/Bw8XHycvNz9HT1dfZ293f4ePl5+nr7e/x8/X3+fou5IpwoSA7v5JOA==',
  ),
  bzip2TwoStreams: fromBase64(
    'QlpoOTFBWSZTWQesghkAABlRgAAQQAAKBp0AIABQgGmmgRSaGmSkkbTiljiSNjFJCYmDQ0mDFppPi7kinChIA9ZBDIBC' +
      'Wmg5MUFZJlNZunOt+AAAJ3////////////////////////////////////////////+wAPqQkwAEwABMAAAAAAAAAAAA' +
      'AAAAAAAAAAAAAAAAAAAAAAAAAEmAAmAAJgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAV6qEjyaJgAIGQYATEyaA0' +
      'MhpowmEwBNMaJgJ6nqGQ0wg0AYTEZMI0YBGCYABGQYEwmQxAaAGCDBMMlCpY6z2fLmDs2eOxUgB7oD4/QEFCQ0RFRkdI' +
      'SUrQ6LR6TSpaYaNEAOEASNSRkhKTE5QUlRWWFpcXmBiZGZoamxucHJ0dnh6fH6AgoSGiIqMjpCSlJaYmpyeoKKkpqjW2' +
      'Nrc3uDi5b5z37o6uxrbEAdygAf9w9HCAcQAOe53RADD2VfDD6/P5sgG8IAbMlkAyAOEcKADhlyAFyAPSGQBBIBmooALG' +
      'ToAOgo6uzu8PL09vj6/P8BAwUHCQsNDxETFRcZGx0fISMlJykrLS8xMzU3OTs9P0FDRUdJS01PUVNVV1lbXV9hY2VnaW' +
      'ttb3FzdXd5e31/gYOFh4mLjY+Rk5WXmZudn6Gjpaepq62vsbO1t7m7vb/Bw8XHycvNz9HT1dfZ293f4ePl5+nr7e/x8/' +
      'X3+fou5IpwoSF051vwA=',
  ),
  xzZeros8M: fromBase64(
    '/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj//8RAWxdAABv/f//o7f/Rz5IFXI5YVG4kijmo4YH+e7kHoLTL8U6PAFLsX7J' +
      'iopNL6MN2X+m44wjEVPgWRjFdYrid/i2lH8MasDedElk4ulcU7IE2PdEDKtfDW1G6eXDdoi3llestk3haR1v+0uIEGxC' +
      'y4g/XACP0E6vJiiUcR89jyThcJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzR' +
      'kRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZC' +
      'kBMO/xCT+HF4WfgLzf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbp' +
      'ZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvEgn5lif/xABKwDsc1On/b6ufDEan7eN' +
      'MW5wnqcjX+woy4XRlZiKfiqR8id19xnABphNmP3Yr9WQD8QlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulm' +
      'Uli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U78MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5Uo' +
      'Rg+p/Hze+5owLlbAj4Xzg4HAZcQlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfa' +
      'rfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U78MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xz' +
      'g4HAZcQlUQ8/sp//EAErAOxzU6f9vq58MRqft40xbnCepyNf7CjLhdGVmIp+KpHyJ3X3GcAGmE2Y/div1ZAPxCVT+PWR' +
      'NjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzf' +
      'tTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZER' +
      'qq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpAT' +
      'Dv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVRDz+yn/8QASsA7HNTp/2+rnwxGp+3jTFucJ6nI1/sKMuF' +
      '0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsF' +
      'CPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+VKEYPqfx83vuaMC5W' +
      'wI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC' +
      '+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVEPP7KA' +
      'A7oABQB7YffvAAAAAC0r4M46TxjTAAGmCoCAgARmzyJ2scRn+wIAAAAABFla',
  ),
  lzmaZeros8M: fromBase64(
    'XQAAgAD//////////wAAb/3//6O3/0c+SBVyOWFRuJIo5qOGB/nu5B6C0y/FOjwBS7F+yYqKTS+jDdl/puOMIxFT4FkY' +
      'xXWK4nf4tpR/DGrA3nRJZOLpXFOyBNj3RAyrXw1tRunlw3aIt5ZXrLZN4Wkdb/tLiBBsQsuIP1wAj9BOryYolHEfPY8k' +
      '4XCepyNf7CjLhdGVmIp+KpHyJ3X3GcAGmE2Y/div1ZAPxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZS' +
      'WL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShG' +
      'D6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt' +
      '/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfOD' +
      'gcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34' +
      'KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDu' +
      'b8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0u' +
      'X6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrO' +
      'sScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hx' +
      'eFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ' +
      '5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77' +
      'mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TN' +
      'HlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT' +
      '+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DL' +
      'KmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM' +
      '0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktm' +
      'QpATDv8Qk/hxeFn4C83/lShGD5yJxL7R///+TugA',
  ),
  bzip2Zeros8M: fromBase64('QlpoOTFBWSZTWaI9S1gAQEBAgMAAAAQACCAAMMwFKaYBANiAgHi7kinChIUR6lrA'),
  xzDelta: fromBase64(
    '/Td6WFoAAATm1rRGAgEDAQAhARZ5IMTu4AJvACpdADa/vO8u8W8RyxOp5gFRJK4XKDN+8+CUAE6WS8B2Z9o7qEOWIaJ4' +
      'm3OYAAAAAK4aAXcdhgkKAAFG8AQAAACm+gLdscRn+wIAAAAABFla',
  ),
} as const;
