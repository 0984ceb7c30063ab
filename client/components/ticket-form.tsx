import Router from 'next/router';
import { useState } from 'react';
import useRequest from '../hooks/use-request';
import FormCard from './form-card';
import FormField from './form-field';

interface TicketFormProps {
  heading: string;
  submitLabel: string;
  url: string;
  method: 'post' | 'put';
  successPath: string;
  initialTitle?: string;
  initialPrice?: number;
}

// Shows a typed price as money (12.5 -> "12.50"); leaves anything that is not a number alone
// so the API can say what is wrong with it.
const tidyPrice = (price: string): string => {
  const value = parseFloat(price);
  return Number.isNaN(value) ? price : value.toFixed(2);
};

// Creating and editing a ticket ask for the same fields; only the request and wording differ.
const TicketForm = ({
  heading,
  submitLabel,
  url,
  method,
  successPath,
  initialTitle = '',
  initialPrice,
}: TicketFormProps) => {
  const [title, setTitle] = useState(initialTitle);
  const [price, setPrice] = useState(initialPrice === undefined ? '' : initialPrice.toFixed(2));
  const { doRequest, errors, fieldErrors } = useRequest({
    url,
    method,
    body: { title, price: parseFloat(price) },
    fields: ['title', 'price'],
    onSuccess: () => Router.push(successPath),
  });

  return (
    <FormCard heading={heading} columns="col-md-8 col-lg-6" onSubmit={doRequest}>
      <FormField id="title" label="Title" value={title} onChange={setTitle} error={fieldErrors.title} />
      <FormField
        id="price"
        label="Price"
        inputMode="decimal"
        value={price}
        onChange={setPrice}
        onBlur={() => setPrice(tidyPrice(price))}
        error={fieldErrors.price}
      />
      {errors}
      <button type="submit" className="btn btn-primary">
        {submitLabel}
      </button>
    </FormCard>
  );
};

export default TicketForm;
