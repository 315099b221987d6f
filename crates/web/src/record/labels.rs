//! The form's labels: the Swedish for the fields of an activity event (the
//! kinds' facts are named by `words::fact_name`, as on the follow-up).

use super::catalogue::Field;
use super::custom_kind;
use crate::words::{capitalised, fact_name};

/// A field's label: "Datum", "Kontroller".
pub(crate) fn label(field: &Field) -> String {
    if let Some(own) = custom_kind::label(&field.path) {
        return own;
    }
    let own = match field.path.as_str() {
        "title" => "Rubrik",
        "occurred" => "Datum",
        "planned" => "Planerat datum",
        "places" => "Plats",
        "hours" => "Arbetade timmar",
        "cost_sek" => "Kostnad i kronor",
        "summary" => "Sammanfattning (offentlig)",
        "description" => "Beskrivning (offentlig)",
        "continues" => "Arbetet fortsätter (sker kontinuerligt)",
        "note" => "Intern anteckning (visas aldrig offentligt)",
        "started" => "Startdatum",
        "expected_length.weeks" => "Beräknad längd i veckor",
        "reason" => "Skäl",
        "name" => "Indikatorns namn",
        "baseline.year" => "Basår",
        "baseline.value" => "Värde basåret",
        "target" => "Målvärde",
        "direction" => "Riktning",
        "indicator" => "Indikator",
        "value" => "Värde",
        "unit" => "Enhet",
        "period" => "Period",
        "source" => "Källa",
        "focus_area" => "Fokusområdets nyckel",
        "deviation" => "Skäl till avvikelsen",
        "lessons" => "Lärdomar",
        "reviewed" => "Datum för genomgången",
        "body" => "Vem gick igenom uppföljningen",
        "minutes" => "Var genomgången är dokumenterad",
        // A fact by its name in the catalogue's table, a part as `reports.drunk_driving`.
        _ => {
            let fact = field.path.strip_prefix("facts.").unwrap_or(field.name());
            return capitalised(&fact_name(fact));
        }
    };
    own.to_owned()
}

/// A hint under the label, where one helps.
pub(crate) fn hint(field: &Field) -> Option<&'static str> {
    if let Some(own) = custom_kind::hint(&field.path) {
        return Some(own);
    }
    Some(match field.path.as_str() {
        "occurred" | "planned" | "started" => {
            "En dag (i dag om inget annat anges), ett intervall med ”till och med”, eller en hel månad."
        }
        "places" => "Ort eller område, till exempel ”Hagfors centrum”. Aldrig en adress till en enskild.",
        "summary" | "description" => "Kan publiceras. Skriv hur många, aldrig vem.",
        "note" => "För kollegor och revisorer. Inga personuppgifter.",
        "indicator" => "Till exempel ”Andel som känner sig trygga i centrum på kvällen”.",
        "unit" => "Till exempel ”procent” eller ”antal anmälda brott”.",
        "period" => "Dagen eller perioden som mätningen gäller.",
        "source" => "Till exempel ”Polisens trygghetsmätning 2017”.",
        "deviation" => "Krävs om löftet inte uppfylldes helt, till exempel ”Vakans i lokalpolisområdet under våren”.",
        "lessons" => "Till exempel ”Planera kontrollerna tidigare på året”.",
        "body" => "Till exempel ”Trygghetsrådet”.",
        "minutes" => "Till exempel ”Protokoll Trygghetsrådet 2017-11-20 § 4”.",
        "focus_area" => "Om värdet hör till ett fokusområde, till exempel ”trafikmiljon”.",
        "name" => "Till exempel ”Andel som känner sig trygga i centrum på kvällen”.",
        "baseline.year" => "Året som värdena jämförs med, till exempel 2016.",
        "target" => "Värdet som ska nås under medborgarlöftets period.",
        _ => return None,
    })
}
