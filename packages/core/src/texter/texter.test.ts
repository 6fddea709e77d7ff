// The AWS SMS adapter sends exactly this SendTextMessage request (asserted with aws-sdk-client-mock,
// the only mock in the sending tests: there is no SMS emulator), and makes a single attempt.
import { PinpointSMSVoiceV2Client, SendTextMessageCommand, ThrottlingException } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Texter } from "./index";

const sms = mockClient(PinpointSMSVoiceV2Client);
const saved = { ...process.env };
beforeEach(() => {
  sms.reset();
  process.env.SMS_ORIGINATION_IDENTITY = "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef";
  process.env.SMS_CONFIGURATION_SET = "feedback-sms";
});
afterEach(() => {
  process.env = { ...saved };
});

it("sends a transactional text from the deployment's origination identity, with ids only as context", async () => {
  sms.on(SendTextMessageCommand).resolves({ MessageId: "msg-1" });
  const adapter = Texter.aws();
  const out = await adapter.send({ to: "+12025550123", body: "Riverside: please answer our short survey: https://x.example/s/AAAAAAAAAAAAAAAAAAAAAA Reply STOP to opt out.", context: { invitation: "h4sh", round: "0" } });
  expect(out).toEqual({ messageId: "msg-1" });
  expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
  expect(sms.commandCalls(SendTextMessageCommand)[0]!.args[0].input).toEqual({
    DestinationPhoneNumber: "+12025550123",
    OriginationIdentity: "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef",
    MessageBody: "Riverside: please answer our short survey: https://x.example/s/AAAAAAAAAAAAAAAAAAAAAA Reply STOP to opt out.",
    MessageType: "TRANSACTIONAL",
    ConfigurationSetName: "feedback-sms",
    Context: { invitation: "h4sh", round: "0" },
  });
});

it("replies from the number the family texted, and leaves out what is not configured", async () => {
  delete process.env.SMS_CONFIGURATION_SET;
  sms.on(SendTextMessageCommand).resolves({ MessageId: "msg-2" });
  await Texter.aws().send({ to: "+12025550124", from: "+18005550199", body: "You will not get more texts." });
  expect(sms.commandCalls(SendTextMessageCommand)[0]!.args[0].input).toEqual({
    DestinationPhoneNumber: "+12025550124",
    OriginationIdentity: "+18005550199",
    MessageBody: "You will not get more texts.",
    MessageType: "TRANSACTIONAL",
  });
});

it("surfaces throttling as the SDK's own exception, after one attempt (the worker backs off itself)", async () => {
  sms.on(SendTextMessageCommand).rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }));
  await expect(Texter.aws().send({ to: "+12025550125", body: "x" })).rejects.toBeInstanceOf(ThrottlingException);
  expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
});
