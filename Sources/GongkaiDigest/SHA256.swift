import COpenSSL

/// SHA-256 over the system libcrypto.
///
/// Every received file is identified by its SHA-256: duplicates are detected by it
/// and operators look reports up by it. libcrypto is in the base image, so this
/// costs nothing to build (swift-crypto would add minutes to every clean CI build).
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            _ = out.withUnsafeMutableBufferPointer { o in
                COpenSSL.SHA256(buffer.baseAddress, buffer.count, o.baseAddress)
            }
        }
        if done == nil {
            let copy = Array(bytes)
            _ = copy.withUnsafeBufferPointer { buffer in
                out.withUnsafeMutableBufferPointer { o in
                    COpenSSL.SHA256(buffer.baseAddress, buffer.count, o.baseAddress)
                }
            }
        }
        return out
    }

    /// The digest as 64 lower-case hexadecimal characters, the form stored and shown everywhere.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
