/**
 * Filled examples of the standard sheets (synthetic people and offices) for the contract suites, adapters' tests and
 * benchmarks: a complete 入院時情報提供書 as a care manager sends it to a hospital, and a 医師とケアマネジャーの連絡票
 * without its reply section (the doctor fills that in when replying), with a reply.
 *
 * @since 0.1.0
 */
import type { FormAnswers } from "@zaitaku/core"

/**
 * Complete answers to the national templates `admission-information` and `doctor-care-manager-contact` (1.0.0),
 * valid on any day from 2026-01-20 on (their dates lie in January 2026).
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { formExamples } from "@zaitaku/testing"
 *
 * formExamples["admission-information"].basic
 * ```
 */
export const formExamples: {
  readonly "admission-information": FormAnswers
  readonly "doctor-care-manager-contact": FormAnswers
} = {
  "admission-information": {
    provision: {
      provided_on: "2026-01-19",
      provision_means: "in_person",
      hospital_name: "八戸中央病院",
      hospital_staff: "地域連携室 佐々木",
      care_office_name: "ケアプランセンターはちのへ",
      care_manager_name: "工藤 真理",
      care_office_phone: "0178-43-2111",
      care_office_fax: "0178-43-2112",
    },
    basic: {
      name: "八戸 太郎",
      kana: "はちのへ たろう",
      birth_date: "1940-03-15",
      sex: "male",
      address: "青森県八戸市内丸一丁目1-1",
      phone: "0178-22-0000",
      admission_date: "2026-01-17",
      care_need_level: "care_2",
      disability_independence: "A2",
      dementia_independence: "IIa",
      abuse_possibility: "absent",
    },
    family: {
      living_arrangement: "with_others",
      family_contacts: [
        {
          contact_name: "八戸 花子",
          contact_relationship: "妻",
          contact_phone: "090-1234-5678",
          contact_is_key_person: true,
        },
        { contact_name: "八戸 一郎", contact_relationship: "長男", contact_phone: "080-2345-6789" },
      ],
    },
    wishes: {
      patient_wishes: "できるだけ早く自宅に帰りたい。",
      family_wishes: "退院後の入浴介助に不安がある。",
    },
    services_before_admission: {
      services_used: "通所介護 週2回、訪問介護 週3回（買い物・掃除）、福祉用具貸与（特殊寝台）",
    },
    outlook: {
      home_life_conditions: "自宅内の移動が見守りで可能になれば、現在のサービスで在宅生活を継続できる見込み。",
    },
    housing: { housing_type: "apartment", floors: 5, room_floor: 3, elevator: "present" },
    conference: { conference_wish: "present" },
    function: {
      paralysis: "mild",
      pressure_ulcer: "absent",
      adl: {
        adl_mobility: "supervision",
        mobility_indoor: ["cane"],
        mobility_outdoor: ["wheelchair"],
        adl_transfer: "supervision",
        adl_dressing: "partial_assistance",
        adl_sitting_up: "independent",
        adl_grooming: "independent",
        adl_bathing: "partial_assistance",
        adl_eating: "independent",
      },
      meals: {
        meal_count: 3,
        breakfast_time: "07:30",
        dinner_time: "18:00",
        meal_restriction: "present",
        meal_restriction_detail: "塩分 6g/日",
        meal_form: "minced",
        udf_category: "udf2",
        intake_method: "oral",
        fluid_thickening: "absent",
        fluid_restriction: "absent",
      },
      oral: { swallowing: "sometimes_chokes", denture: "partial", oral_hygiene: "good", halitosis: "absent" },
      excretion: { urination: "supervision", defecation: "independent", portable_toilet: "night" },
    },
    medication: { medication_management: "family", medication_notes: "朝・夕の内服を妻が一包化して管理。" },
    family_doctor: { clinic_name: "内丸クリニック", doctor_name: "三浦 健", clinic_phone: "0178-44-0000" },
  },
  "doctor-care-manager-contact": {
    header: {
      sent_on: "2026-01-15",
      doctor_clinic: "海老名駅前クリニック",
      doctor_name: "松本 浩",
      care_office_name: "えびな居宅介護支援センター",
      care_manager_name: "森 一美",
      care_office_phone: "046-231-0000",
      care_office_fax: "046-231-0001",
    },
    patient: { patient_name: "海老名 次郎", patient_birth_date: "1945-06-30", care_need_level: "care_1" },
    enquiry_purposes: ["care_plan_draft_opinion", "medication"],
    enquiry:
      "更新後のケアプラン原案をお送りします。通所リハビリの利用についてご意見をお願いします。また、夕食後の薬の飲み忘れが続いています。",
    reply_requested_by: "2026-01-29",
  },
}

/**
 * A reply to the `doctor-care-manager-contact` example: the answers of its reply section (返信欄).
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { formReplyExample } from "@zaitaku/testing"
 *
 * formReplyExample.reply_text
 * ```
 */
export const formReplyExample: FormAnswers = {
  replied_on: "2026-01-19",
  reply_text: "通所リハビリの利用に問題はありません。夕食後の薬は朝にまとめられるか次回受診時に検討します。",
  replying_doctor: "松本 浩",
}
