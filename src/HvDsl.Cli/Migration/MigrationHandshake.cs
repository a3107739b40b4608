using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime.Migration;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Migration;

/// <summary>
/// The start of a migration connection: each side proves it holds the <see cref="MigrationKey"/> before the machine
/// crosses, and both derive the key that authenticates every page frame after it.
/// </summary>
/// <remarks>
/// The receiver sends the magic <c>HVDSLMIG</c>, a little-endian u16 version (2) and a 32-byte random nonce. The sender
/// answers with the magic, the version, its own nonce and HMAC-SHA256(key, "sender", both nonces); the receiver checks it
/// and answers HMAC-SHA256(key, "receiver", both nonces), which the sender checks before it sends anything of the machine.
/// The frame key is HMAC-SHA256(key, "frames", both nonces), so frames from another connection never check.
/// </remarks>
internal static class MigrationHandshake
{
    private const ushort Version = 2;
    private const int NonceSize = 32;
    private const int ProofSize = 32;
    private const int GreetingSize = 10 + NonceSize;
    private static ReadOnlySpan<byte> Magic => "HVDSLMIG"u8;

    /// <summary>The receiver's side; returns the frame key.</summary>
    /// <exception cref="SnapshotException">The peer is not an hvdsl sender, is of another version, does not prove the key, or is too slow.</exception>
    public static byte[] Accept(Stream network, MigrationKey key, TimeSpan budget)
    {
        Func<string, Exception> refuse = message => new SnapshotException($"migration sender {message}");
        var ours = Greeting();
        Send(network, ours, "the greeting", refuse);
        var theirs = new byte[GreetingSize + ProofSize];
        Receive(network, theirs, budget, "its greeting", refuse);
        CheckGreeting(theirs, refuse);
        var nonces = Nonces(ours, theirs);
        if (!CryptographicOperations.FixedTimeEquals(key.Mac("sender", nonces), theirs.AsSpan(GreetingSize)))
            throw refuse("did not prove the migration key; nothing was received");
        Send(network, key.Mac("receiver", nonces), "the proof", refuse);
        return key.Mac("frames", nonces);
    }

    /// <summary>The sender's side; returns the frame key once the receiver has proved the key too.</summary>
    /// <exception cref="MigrationException">The target is not an hvdsl receiver, does not prove the key, is too slow, or the connection broke.</exception>
    public static byte[] Offer(Stream network, MigrationKey key, TimeSpan budget)
    {
        Func<string, Exception> refuse = message => new MigrationException($"migration target {message}");
        var theirs = new byte[GreetingSize];
        Receive(network, theirs, budget, "its greeting", refuse);
        CheckGreeting(theirs, refuse);
        var ours = Greeting();
        var nonces = Nonces(theirs, ours);
        Send(network, [.. ours, .. key.Mac("sender", nonces)], "the greeting", refuse);
        var proof = new byte[ProofSize];
        Receive(network, proof, budget, "its proof", refuse);
        if (!CryptographicOperations.FixedTimeEquals(key.Mac("receiver", nonces), proof))
            throw refuse("did not prove the migration key; the machine was not sent");
        return key.Mac("frames", nonces);
    }

    private static byte[] Greeting()
    {
        var greeting = new byte[GreetingSize];
        Magic.CopyTo(greeting);
        BinaryPrimitives.WriteUInt16LittleEndian(greeting.AsSpan(8), Version);
        RandomNumberGenerator.Fill(greeting.AsSpan(10));
        return greeting;
    }

    private static void CheckGreeting(byte[] greeting, Func<string, Exception> refuse)
    {
        if (!greeting.AsSpan(0, 8).SequenceEqual(Magic)) throw refuse("does not start with HVDSLMIG");
        if (BinaryPrimitives.ReadUInt16LittleEndian(greeting.AsSpan(8)) is var version and not Version)
            throw refuse($"speaks migration version {version}; this hvdsl speaks version {Version}");
    }

    /// <summary>The receiver's nonce, then the sender's.</summary>
    private static byte[] Nonces(byte[] receiver, byte[] sender) => [.. receiver.AsSpan(10, NonceSize), .. sender.AsSpan(10, NonceSize)];

    private static void Receive(Stream network, byte[] buffer, TimeSpan budget, string what, Func<string, Exception> refuse)
    {
        try
        {
            if (TimedRead.Fill(network, buffer, budget) < buffer.Length) throw refuse($"closed the connection during {what}");
        }
        catch (Exception exception) when (exception is IOException or TimeoutException)
        {
            throw refuse($"failed during {what}: {exception.Message}");
        }
    }

    private static void Send(Stream network, byte[] bytes, string what, Func<string, Exception> refuse)
    {
        try
        {
            network.Write(bytes);
            network.Flush();
        }
        catch (IOException exception)
        {
            throw refuse($"broke the connection while this side sent {what}: {exception.Message}");
        }
    }
}
