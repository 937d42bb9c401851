using GraphNetworker.Core.Model;

namespace GraphNetworker.Store.Items;

/// <summary>
/// An item's participants as bytes: for each, the number of its correspondent (address and name, kept once per mailbox
/// in <c>Correspondents</c>) as a variable-length integer, then one byte holding the role (bits 0–2), the meeting
/// response (bits 3–5) and whether it is a room or resource (bit 6). A five-person message takes about 15 bytes
/// where the same as text took a few hundred.
/// </summary>
internal static class ParticipantBytes
{
    public static byte[] Encode(IReadOnlyList<Participant> participants, CorrespondentBook correspondents)
    {
        Span<int> numbers = participants.Count <= 128 ? stackalloc int[participants.Count] : new int[participants.Count];
        var size = 0;
        for (var i = 0; i < participants.Count; i++)
        {
            numbers[i] = correspondents.NumberOf(participants[i].Address, participants[i].DisplayName);
            size += VarintLength((uint)numbers[i]) + 1;
        }

        var bytes = new byte[size];
        var at = 0;
        for (var i = 0; i < participants.Count; i++)
        {
            var number = (uint)numbers[i];
            while (number >= 0x80)
            {
                bytes[at++] = (byte)(number | 0x80);
                number >>= 7;
            }

            bytes[at++] = (byte)number;
            var participant = participants[i];
            bytes[at++] = (byte)((int)participant.Role | ((int)participant.Response << 3) | (participant.IsResource ? 0x40 : 0));
        }

        return bytes;
    }

    private static int VarintLength(uint value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;

    public static Participant[] Decode(ReadOnlySpan<byte> bytes, CorrespondentBook correspondents)
    {
        // Counted first (a participant ends at the flags byte after the number's last byte), so one array of the exact
        // size holds them: no list, and nothing grown and copied on every item read.
        var count = 0;
        for (var at = 0; at < bytes.Length; at++)
        {
            if ((bytes[at] & 0x80) == 0)
            {
                count++;
                at++;
            }
        }

        var participants = new Participant[count];
        for (int at = 0, index = 0; at < bytes.Length; index++)
        {
            uint number = 0;
            var shift = 0;
            byte next;
            do
            {
                next = bytes[at++];
                number |= (uint)(next & 0x7F) << shift;
                shift += 7;
            }
            while ((next & 0x80) != 0);

            var flags = bytes[at++];
            var who = correspondents[(int)number];
            participants[index] = new Participant(who.Address, who.Name, (ParticipantRole)(flags & 0x07), (MeetingResponse)((flags >> 3) & 0x07), (flags & 0x40) != 0)
            {
                Correspondent = (int)number,
            };
        }

        return participants;
    }
}

/// <summary>An address and the name it carried, as stored once per mailbox and referred to by number from items.</summary>
internal sealed record Correspondent(string Address, string? Name);
