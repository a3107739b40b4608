using System.Collections.Generic;

namespace HvDsl.Runtime.Gdb;

/// <summary>
/// The protocol's run-length encoding: <c>c*n</c> stands for <c>c</c> followed by <c>n - 29</c> more copies of it
/// (n a printable byte). Escapes (<c>}x</c>) are kept as they are, so binary data stays unambiguous.
/// </summary>
internal static class RunLength
{
    /// <summary>Expands <paramref name="raw"/>; false, with a reason, on a run with nothing to repeat, a bad count, or more than <paramref name="limit"/> bytes.</summary>
    public static bool Expand(List<byte> raw, int limit, out byte[] payload, out string? error)
    {
        var output = new List<byte>(raw.Count);
        payload = [];
        error = null;
        for (var i = 0; i < raw.Count; i++)
        {
            var b = raw[i];
            if (b == (byte)'}' && i + 1 < raw.Count)
            {
                output.Add(b);
                output.Add(raw[++i]);
                continue;
            }
            if (b != (byte)'*')
            {
                output.Add(b);
                continue;
            }
            if (output.Count == 0 || i + 1 >= raw.Count)
            {
                error = $"run-length marker '*' at payload offset {i} has {(output.Count == 0 ? "nothing to repeat" : "no count")}";
                return false;
            }
            var count = raw[++i] - 29;
            if (count < 3 || raw[i] > 126)
            {
                error = $"run-length count byte 0x{raw[i]:x2} at payload offset {i} is outside ' '..'~' less the reserved '#' and '$'";
                return false;
            }
            if (output.Count + count > limit)
            {
                error = $"run-length expansion at payload offset {i} exceeds {limit} bytes";
                return false;
            }
            var repeated = output[^1];
            for (var k = 0; k < count; k++)
                output.Add(repeated);
        }
        payload = output.ToArray();
        return true;
    }
}
