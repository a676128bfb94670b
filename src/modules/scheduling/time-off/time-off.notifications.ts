/**
 * What time off tells staff: managers hear of a new request (in-app, to decide it), and the person
 * hears the decision (in-app and e-mail). The type shows through one flag per type, so each language
 * names it in its own words.
 */
import { defineNotificationKey } from '../../notifications/index.js';
import type { TimeOffType } from './time-off.entity.js';

const TYPE_FLAGS = {
  annual: { description: '1 when it is annual leave, else empty', example: 1 },
  sick: { description: '1 when it is sick leave, else empty', example: '' },
  training: { description: '1 when it is training, else empty', example: '' },
  other: { description: '1 when it is another kind of absence, else empty', example: '' },
};
const ZH_TYPE = '{{#annual}}年假{{/annual}}{{#sick}}病假{{/sick}}{{#training}}培训{{/training}}{{#other}}请假{{/other}}';
const EN_TYPE = '{{#annual}}annual leave{{/annual}}{{#sick}}sick leave{{/sick}}{{#training}}training{{/training}}{{#other}}time off{{/other}}';

/** The type flags of a request, for either key's variables. */
export function typeFlags(type: TimeOffType): Record<keyof typeof TYPE_FLAGS, string | number> {
  return { annual: type === 'annual' ? 1 : '', sick: type === 'sick' ? 1 : '', training: type === 'training' ? 1 : '', other: type === 'other' ? 1 : '' };
}

export const TIME_OFF_REQUESTED = defineNotificationKey({
  key: 'scheduling.time_off_requested',
  kind: 'staff',
  category: 'staff',
  description: 'A member of staff asked for time off: to the managers of their stores, who approve or refuse it (GET /v1/time-off-requests)',
  channels: ['in_app'],
  variables: {
    staffName: { description: 'Who asked', example: '王丽 Wang Li' },
    period: { description: "When, in their store's time zone (whole days, or times)", example: '2027-03-01 – 2027-03-03' },
    reason: { description: 'Their reason (empty when none was given)', example: '回老家 Family visit' },
    ...TYPE_FLAGS,
  },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: `{{staffName}} 申请${ZH_TYPE}`,
        body: `{{staffName}} 申请${ZH_TYPE}：{{period}}{{#reason}}（{{reason}}）{{/reason}}。请在请假审批中批准或拒绝。`,
      },
      en: {
        subject: `{{staffName}} asks for ${EN_TYPE}`,
        body: `{{staffName}} asks for ${EN_TYPE}: {{period}}{{#reason}} ({{reason}}){{/reason}}. Approve or refuse it under time-off requests.`,
      },
    },
  },
});

export const TIME_OFF_DECIDED = defineNotificationKey({
  key: 'scheduling.time_off_decided',
  kind: 'staff',
  category: 'staff',
  description: 'A manager approved or refused time off: to the person it is for (and whoever asked for them)',
  channels: ['in_app', 'email'],
  variables: {
    staffName: { description: 'Whose time off it is', example: '王丽 Wang Li' },
    period: { description: "When, in their store's time zone (whole days, or times)", example: '2027-03-01 – 2027-03-03' },
    approved: { description: '1 when approved, empty when refused', example: 1 },
    decidedBy: { description: 'Who decided (empty when an integration did)', example: '李店长 Manager Li' },
    note: { description: "The manager's note (empty when none)", example: '已安排同事顶班 A colleague covers your shifts' },
    ...TYPE_FLAGS,
  },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: '{{#approved}}请假已批准{{/approved}}{{^approved}}请假未获批准{{/approved}}：{{period}}',
        body: `{{staffName}}，您的${ZH_TYPE}申请（{{period}}）{{#approved}}已批准{{/approved}}{{^approved}}未获批准{{/approved}}{{#decidedBy}}，审批人：{{decidedBy}}{{/decidedBy}}。{{#note}}备注：{{note}}{{/note}}`,
      },
      en: {
        subject: '{{#approved}}Time off approved{{/approved}}{{^approved}}Time off refused{{/approved}}: {{period}}',
        body: `{{staffName}}, your ${EN_TYPE} ({{period}}) was {{#approved}}approved{{/approved}}{{^approved}}refused{{/approved}}{{#decidedBy}} by {{decidedBy}}{{/decidedBy}}.{{#note}} Note: {{note}}{{/note}}`,
      },
    },
    email: {
      'zh-CN': {
        subject: '{{#approved}}请假已批准{{/approved}}{{^approved}}请假未获批准{{/approved}}：{{period}}',
        body: `{{staffName}}，您好：\n\n您的${ZH_TYPE}申请（{{period}}）{{#approved}}已批准{{/approved}}{{^approved}}未获批准{{/approved}}{{#decidedBy}}，审批人：{{decidedBy}}{{/decidedBy}}。{{#note}}\n\n备注：{{note}}{{/note}}`,
      },
      en: {
        subject: '{{#approved}}Time off approved{{/approved}}{{^approved}}Time off refused{{/approved}}: {{period}}',
        body: `Hello {{staffName}},\n\nYour ${EN_TYPE} ({{period}}) was {{#approved}}approved{{/approved}}{{^approved}}refused{{/approved}}{{#decidedBy}} by {{decidedBy}}{{/decidedBy}}.{{#note}}\n\nNote: {{note}}{{/note}}`,
      },
    },
  },
});

export const TIME_OFF_CANCELLED = defineNotificationKey({
  key: 'scheduling.time_off_cancelled',
  kind: 'staff',
  category: 'staff',
  description: 'Time off was cancelled (they will work after all, or the request is withdrawn): to the managers of their stores and the person, except whoever cancelled it',
  channels: ['in_app'],
  variables: {
    staffName: { description: 'Whose time off it was', example: '王丽 Wang Li' },
    period: { description: "When, in their store's time zone (whole days, or times)", example: '2027-03-01 – 2027-03-03' },
    wasApproved: { description: '1 when it had been approved (the roster changes), empty when it was still a request', example: 1 },
    cancelledBy: { description: 'Who cancelled it (empty when an integration did)', example: '王丽 Wang Li' },
    ...TYPE_FLAGS,
  },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: `{{staffName}} 的${ZH_TYPE}已取消`,
        body: `{{staffName}} 的${ZH_TYPE}（{{period}}）已由{{#cancelledBy}} {{cancelledBy}} {{/cancelledBy}}取消。{{#wasApproved}}该时段恢复为工作时间，请留意排班。{{/wasApproved}}`,
      },
      en: {
        subject: `${EN_TYPE} of {{staffName}} cancelled`,
        body: `The ${EN_TYPE} of {{staffName}} ({{period}}) was cancelled{{#cancelledBy}} by {{cancelledBy}}{{/cancelledBy}}.{{#wasApproved}} They are back on the roster for that time.{{/wasApproved}}`,
      },
    },
  },
});
