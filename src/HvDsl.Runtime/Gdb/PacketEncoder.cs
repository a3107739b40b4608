using System;
using System.Text;

namespace HvDsl.Runtime.Gdb;

/// <summary>Frames replies as <c>$payload#xx</c>, escaping the bytes the protocol reserves (<c>$ # } *</c>).</summary>
public static class PacketEncoder
{
    /// <summary>Frames an ASCII reply.</summary>
    public static byte[] Frame(string payload) => Frame(Encoding.ASCII.GetBytes(payload));

    /// <summary>Frames <paramref name="payload"/>, escaping each reserved byte as <c>}</c> and the byte XOR 0x20.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var framed = new byte[payload.Length * 2 + 4];
        var n = 0;
        byte sum = 0;
        framed[n++] = (byte)'$';
        foreach (var b in payload)
        {
            if (IsReserved(b))
            {
                framed[n++] = (byte)'}';
                framed[n++] = (byte)(b ^ 0x20);
                sum += (byte)('}' + (b ^ 0x20));
            }
            else
            {
                framed[n++] = b;
                sum += b;
            }
        }
        framed[n++] = (byte)'#';
        framed[n++] = Hex.Digit(sum >> 4);
        framed[n++] = Hex.Digit(sum & 0xF);
        return framed.AsSpan(0, n).ToArray();
    }

    /// <summary>Undoes the escaping of binary data (the <c>X</c> packet's and qXfer's): <c>}</c> then the byte XOR 0x20.</summary>
    public static bool Unescape(ReadOnlySpan<byte> escaped, out byte[] data)
    {
        var output = new byte[escaped.Length];
        var n = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != (byte)'}')
            {
                output[n++] = escaped[i];
                continue;
            }
            if (++i == escaped.Length)
            {
                data = [];
                return false;
            }
            output[n++] = (byte)(escaped[i] ^ 0x20);
        }
        data = output.AsSpan(0, n).ToArray();
        return true;
    }

    private static bool IsReserved(byte b) => b is (byte)'$' or (byte)'#' or (byte)'}' or (byte)'*';
}
